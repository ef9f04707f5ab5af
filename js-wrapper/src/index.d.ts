// Types of touchpath's public JS API (js-wrapper/src/engine.js, bundled as build/js/engine.js).
// Spec and result shapes follow the JSON contract of the engine (README, "Spec and result").

export type Duration = `${number}${'s' | 'm' | 'h' | 'd'}` | 'none';

export type FilterOp =
  | 'eq' | 'ne' | 'in' | 'contains' | 'starts_with' | 'ends_with'
  | 'gt' | 'gte' | 'lt' | 'lte' | 'exists';

/** `field`: "event", a dotted export field ("device.category"), "param.<key>", "user.<key>",
 * or a derived field: "channel", "source", "medium", "campaign", "session". */
export interface Filter {
  field: string;
  op: FilterOp;
  value?: string | number | boolean | Array<string | number>;
}

export interface FunnelStep {
  event: string;
  where?: Filter[];
  label?: string;
}

export interface FunnelSpec {
  type: 'funnel';
  id?: string;
  steps: FunnelStep[];
  /** Inclusive, measured from the step-1 event of a chain. */
  window?: Duration;
  order?: 'ordered' | 'strict' | 'any';
  count?: 'users' | 'sessions';
  exclusions?: Array<{ event: string; from_step: number; to_step: number; where?: Filter[] }>;
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
  entities: number;
  skipped: number;
  /** The first problems met while loading, with the line they were on. */
  errors: Array<{ line: number; message: string }>;
}

export interface FunnelStepResult {
  label: string;
  count: number;
  conversion_from_start: number;
  conversion_from_previous: number;
  dropoff: number;
  median_seconds_from_previous: number | null;
}

export interface FunnelResult {
  id: string;
  type: 'funnel';
  steps: FunnelStepResult[];
  time_to_convert: {
    median_seconds: number | null;
    p25: number | null;
    p75: number | null;
    p90: number | null;
    mean_seconds: number | null;
    histogram: unknown;
  };
  breakdown: Array<{ value: string; counts: number[] }>;
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

/** What the loaded data holds (events with counts, fields), as the engine describes it. */
export type Description = Record<string, unknown>;

export interface LoadProgress {
  /** Raw bytes read so far (compressed bytes for a gzipped source). */
  bytes: number;
  /** Size of the raw source(s) when known (File, Blob, bytes, Response with Content-Length). */
  totalBytes?: number;
  /** Decompressed bytes handed to the engine so far. */
  decodedBytes: number;
  elapsedMs: number;
  /** True in the last report, sent once the engine has finished loading. */
  done?: boolean;
  /** Events loaded; in the last report. */
  events?: number;
}

export type Source = File | Blob | Response | ReadableStream<Uint8Array> | ArrayBuffer | ArrayBufferView;

export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
  /** Shown in the engine's messages (defaults to the File's name). */
  name?: string;
  /** "auto" (default) detects the format from the bytes. */
  format?: string;
}

export interface LoadSummary {
  bytes: number;
  totalBytes?: number;
  decodedBytes: number;
  description: Description;
}

/** Rejections of load() and run() carry the engine's message and one of these codes. */
export interface EngineError extends Error {
  code: 'bad_input' | 'bad_spec';
}

export interface Engine {
  /** Replaces any loaded data. Several sources load as one data set. Gzip is detected by its
   * magic bytes. Rejects with an EngineError (code "bad_input") for unusable input, or an
   * AbortError when `signal` aborts. */
  load(source: Source | Source[], options?: LoadOptions): Promise<LoadSummary>;
  /** Rejects with an EngineError whose code is "bad_spec" and whose message names the field. */
  run(spec: Spec | string): Promise<Result>;
  describe(): Promise<Description>;
  /** Stops the worker (browser) or frees the engine's memory (node). */
  dispose(): void;
}

export interface EngineOptions {
  /** Browser default: true (a Web Worker). Node: in-process. */
  worker?: boolean;
  /** Where touchpath_wasm.wasm lives; defaults to beside the bundle. */
  wasmUrl?: string | URL;
  /** Where worker.js lives; defaults to beside engine.js. */
  workerUrl?: string | URL;
}

export function createEngine(options?: EngineOptions): Promise<Engine>;
