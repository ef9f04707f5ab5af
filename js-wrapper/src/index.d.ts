// Types of touchpath's public JS API (js-wrapper/src/engine.js, bundled as build/js/engine.js).
// Spec and result shapes follow the JSON contract of the engine (README, "Spec and result").

export type Duration = `${number}${'s' | 'm' | 'h' | 'd' | 'w'}` | 'none';

export type FilterOp =
  | 'eq' | 'ne' | 'in' | 'contains' | 'starts_with' | 'ends_with'
  | 'gt' | 'gte' | 'lt' | 'lte' | 'exists';

/** `field`: "event", a dotted export field ("device.category"), "param.<key>", "user.<key>",
 * or a derived field: "channel", "source", "medium", "source_medium", "campaign", "session". */
export interface Filter {
  field: string;
  /** Default "eq". */
  op?: FilterOp;
  value?: string | number | boolean | Array<string | number>;
}

/** An event name, or an object: `event` may list alternatives or be left out (any event that
 * meets `where`). */
export type FunnelStep =
  | string
  | { event?: string | string[]; where?: Filter[]; label?: string };

export interface FunnelSpec {
  type: 'funnel';
  id?: string;
  steps: FunnelStep[];
  /** Inclusive, measured from the step-1 event of a chain. Default "30d". */
  window?: Duration;
  order?: 'ordered' | 'strict' | 'any';
  count?: 'users' | 'sessions';
  /** `from_step` / `to_step` are 1-based; default to the first and last step. */
  exclusions?: Array<{
    event?: string | string[];
    where?: Filter[];
    from_step?: number;
    to_step?: number;
  }>;
  /** Any field; values come from the step-1 event of each unit's counted chain. */
  breakdown?: string;
}

export type AttributionModel =
  | 'first_touch' | 'last_touch' | 'last_non_direct' | 'linear' | 'position_based'
  | 'time_decay' | 'markov' | 'shapley' | 'shapley_rate';

export interface AttributionSpec {
  type: 'attribution';
  id?: string;
  conversion: { event: string; where?: Filter[] };
  touchpoint?: string;
  lookback?: Duration;
  models?: AttributionModel[];
}

export type AnalysisSpec = FunnelSpec | AttributionSpec;

export interface Spec {
  input?: { format?: string };
  analyses: AnalysisSpec[];
}

export interface InputSummary {
  format: string;
  events: number;
  /** Users. */
  entities: number;
  skipped: number;
  /** The first skipped rows, with their 1-based line numbers. */
  errors: Array<{ line: number; message: string }>;
  [field: string]: unknown;
}

export interface FunnelStepResult {
  label: string;
  count: number;
  conversion_from_start: number;
  conversion_from_previous: number;
  dropoff: number;
  dropoff_rate?: number;
  median_seconds_from_previous: number | null;
}

export interface FunnelResult {
  id: string;
  type: 'funnel';
  /** Users (or sessions) in the data. */
  units?: number;
  steps: FunnelStepResult[];
  time_to_convert: {
    count?: number;
    median_seconds: number | null;
    p25: number | null;
    p75: number | null;
    p90: number | null;
    mean_seconds: number | null;
    histogram: Array<{ from_seconds: number; to_seconds: number | null; count: number }>;
  };
  breakdown: Array<{ value: string; counts: number[] }>;
  [field: string]: unknown;
}

export interface AnalysisResultBase {
  id: string;
  type: string;
  [field: string]: unknown;
}

export interface Result {
  input: InputSummary;
  results: Array<FunnelResult | AnalysisResultBase>;
}

/** What the loaded data holds, for pickers: events (most frequent first) and fields. */
export interface Description {
  events: Array<{ name: string; count: number }>;
  /** The fields a spec may read. After a load given `specs`, only the fields those read. */
  fields: string[];
  /** True when the load was given `specs` and kept only the fields they read. */
  projected: boolean;
  [field: string]: unknown;
}

export interface LoadProgress {
  /** Raw bytes read so far (compressed bytes for a gzipped source). */
  bytes: number;
  /** Size of the raw source(s) when known (File, Blob, bytes, Response with Content-Length; not
   * node's Blob of a file, whose size node misstates from 4 GiB on). */
  totalBytes?: number;
  /** Decompressed bytes handed to the engine so far. */
  decodedBytes: number;
  elapsedMs: number;
  /** True in the last report, sent once the engine has finished loading. */
  done?: boolean;
  /** Rows accepted as events so far (after the first chunk the engine has read); final in the last report. */
  events?: number;
  /** What finishing the load would need now, in bytes: the engine's estimate, which loading
   * stops before it passes memoryLimitBytes (code "out_of_memory"). */
  memoryToFinish?: number;
  /** What finishing will need once the whole source is read: memoryToFinish extrapolated at
   * the rate it grew over the latter half of what was read, the least such figure over the last
   * twentieth read, once a twentieth of a source of known size (totalBytes) is read. The
   * engine's arrays grow in steps, so it moves: 0.84-1.09 of the final need from a tenth on, on
   * a generated export with every field. Over memoryLimitBytes, the load will likely stop
   * before its end: a report comes at once when it first passes the limit, so a page can offer
   * a lighter load (`specs`) or fewer days long before the stop (minutes, on a month of GA4). */
  memoryAtEnd?: number;
  /** The limit this load runs under, in bytes (LoadOptions.memoryLimitBytes; the module's own
   * 4 GiB when that is 0). */
  memoryLimitBytes: number;
}

/** Under node, a string or a file: URL is a file's path, read with fs (faster than a Blob of it). */
export type Source =
  | File | Blob | Response | ReadableStream<Uint8Array> | ArrayBuffer | ArrayBufferView | string | URL;

export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
  /** Shown in the engine's messages (defaults to the File's name). */
  name?: string;
  /** "auto" (default) detects the format from the bytes. */
  format?: string;
  /** The spec(s) that will run on this data, when known before loading (a widget with a fixed
   * funnel): the load then keeps only the fields they read (about 1.5x faster) and run() gives
   * the same results for them. run() rejects (code "bad_spec") a spec reading a field the load
   * skipped; describe() says `projected: true`. Rejects with "bad_spec" if a spec is invalid.
   * Omitted (or []): every field is kept. */
  specs?: Spec | string | Array<Spec | string>;
  /** Loading stops (code "out_of_memory", the message naming the line) before finishing would
   * need more memory than this. Default: EngineOptions.memoryLimitBytes. */
  memoryLimitBytes?: number;
}

export interface LoadSummary {
  bytes: number;
  totalBytes?: number;
  decodedBytes: number;
  /** Rows accepted as events. */
  events: number;
  /** What finishing the load needed, by the engine's estimate (LoadProgress.memoryToFinish
   * after the last chunk), and the limit it ran under. */
  memoryToFinish?: number;
  memoryLimitBytes: number;
  /** 2 when a second worker read the later half of the source (EngineOptions.parallelLoad),
   * else 1. The results are the same either way. */
  workers: 1 | 2;
  description: Description;
}

/** Rejections of load() and run() carry the engine's message and one of these codes. */
export interface EngineError extends Error {
  /** "out_of_memory": load() stopped before finishing would pass the memory limit
   * (LoadOptions.memoryLimitBytes); the engine stays usable. "engine_failed": the WebAssembly
   * module trapped (most likely the browser refused it more memory); every later call fails
   * the same way: create a new engine. */
  code: 'bad_input' | 'bad_spec' | 'out_of_memory' | 'engine_failed';
}

export interface Engine {
  /** Replaces any loaded data. Several sources load as one data set. Gzip is detected by its
   * magic bytes. Rejects with an EngineError (code "bad_input") for unusable input (also a
   * Response with an HTTP error status, corrupt or cut gzip, a download that stops) or
   * "out_of_memory" when it would not fit (LoadOptions.memoryLimitBytes), or an AbortError when
   * `signal` aborts (at once, even while a source sends nothing). */
  load(source: Source | Source[], options?: LoadOptions): Promise<LoadSummary>;
  /** Rejects with an EngineError whose code is "bad_spec" and whose message names the field. */
  run(spec: Spec | string): Promise<Result>;
  describe(): Promise<Description>;
  /** Stops the engine's worker, or frees its memory when it runs in-process. A load still
   * running, and any later call, rejects with "this engine has been disposed". An engine that
   * is never disposed does not keep node from exiting once no call is waiting on it. */
  dispose(): void;
}

export interface EngineOptions {
  /** Default true: the engine runs in a Web Worker (browser page) or a worker_threads Worker
   * (node), so reading and decompressing overlap with parsing. false: in-process (the default
   * inside a Web Worker, which does not start another). */
  worker?: boolean;
  /** true: a second worker reads the later half of a File, Blob or (node) file path of
   * 16 MiB or more (not gzipped, one record a line) at the same time as the first reads the
   * rest, then hands its half over. It costs a second WebAssembly instance, whose memory stays
   * with the engine. Other sources, and loads of several sources, are read by one worker.
   * Default (with `worker` on): on three cores or more; on two, under node, for file paths
   * only (reading a Blob then needs the second core). false: never. */
  parallelLoad?: boolean;
  /** A WebAssembly memory never shrinks: after a load that grew the second worker's memory past
   * this many bytes, that worker is replaced by a fresh one (in the background; the next load
   * waits for it). Default 256 MiB. */
  secondWorkerMemoryBytes?: number;
  /** Default true (with `worker` on): until the engine's first call, each worker loads a small
   * generated GA4 export (about 1 MB) and drops it, a few ms at a time, so V8 has optimised the
   * engine's code before the first real load; that call waits only for the step under way. In
   * Chromium the first load of a 150 MB File a second after the page opened took about 20%
   * less time with it (bench/RESULTS.md). false: no warm-up. */
  warmUp?: boolean;
  /** Where touchpath_wasm.wasm lives; defaults to beside the bundle. */
  wasmUrl?: string | URL;
  /** Where worker.js lives; defaults to beside engine.js. */
  workerUrl?: string | URL;
  /** Loads stop with a clear error before finishing would need more than this many bytes.
   * Default 3.5 GiB: a WebAssembly memory ends at 4 GiB. 0: no limit but the module's. */
  memoryLimitBytes?: number;
}

export function createEngine(options?: EngineOptions): Promise<Engine>;

// Charts (js-wrapper/src/charts/charts.js, bundled as build/js/charts.js). Each render function
// draws an engine result into `element` with ECharts (again on each call, resizing with the
// element) and returns the ECharts instance: `chart.getDataURL({ type: 'png' })` gives a PNG.
// Strings from the data are drawn as text only (tooltips escape them).

export interface AttributionModelCredit {
  channel: string;
  conversions: number;
  value: number;
}

export interface AttributionResult {
  id?: string;
  type: 'attribution';
  conversions: number;
  value: number;
  paths: { converting: number; null: number };
  channels: string[];
  models: Partial<Record<AttributionModel, AttributionModelCredit[]>>;
  /** Markov only. */
  removal_effects?: Array<{ channel: string; effect: number }>;
  conversion_probability?: number;
  transition_matrix?: Array<{ from: string; to: string; probability: number }>;
  /** Models that could not run on this input, with the reason. */
  unavailable?: Partial<Record<AttributionModel, string>>;
  [field: string]: unknown;
}

/** Texts drawn in the charts (axis names, legends, tooltips); English by default. */
export interface ChartText {
  count: string;
  reached: string;
  dropoff: string;
  fromStart: string;
  fromPrevious: string;
  conversionFromStart: string;
  converted: string;
  timeToConvert: string;
  conversions: string;
  value: string;
  probability: string;
}

export interface ChartOptions {
  /** BCP 47 locale for numbers, e.g. "nl-NL"; default: the browser's. */
  locale?: string;
  text?: Partial<ChartText>;
}

/** The minimal part of an ECharts instance the render functions promise. */
export interface Chart {
  getDataURL(options?: { type?: 'png' | 'jpeg' | 'svg'; pixelRatio?: number; backgroundColor?: string }): string;
  resize(): void;
  dispose(): void;
}

/** Horizontal bars per step: units reached and dropped off; tooltips with conversion. */
export function renderFunnel(element: HTMLElement, result: FunnelResult, options?: ChartOptions): Chart;
/** Conversion from step 1 per breakdown value (the `maxValues` largest, default 6), per step. */
export function renderBreakdown(element: HTMLElement, result: FunnelResult, options?: ChartOptions & { maxValues?: number }): Chart;
/** The time-to-convert histogram of a funnel result. */
export function renderTimeToConvert(element: HTMLElement, result: FunnelResult, options?: ChartOptions): Chart;
/** Grouped bars: credited conversions (or value) per channel, one bar per model; at most
 * `maxChannels` channels (default 20), those with the most credit from any model. */
export function renderAttribution(
  element: HTMLElement,
  result: AttributionResult,
  options?: ChartOptions & { measure?: 'conversions' | 'value'; models?: AttributionModel[]; maxChannels?: number },
): Chart;
/** The Markov model's transitions as a Sankey flow (links below `minProbability`, default 0.01, left out). */
export function renderSankey(element: HTMLElement, result: AttributionResult, options?: ChartOptions & { minProbability?: number }): Chart;
