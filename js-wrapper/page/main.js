// The touchpath page: load an export in a Web Worker, build a funnel / attribution analysis,
// read it as charts and tables. The analysis spec lives in the URL (?spec=) so a link restores
// it. Data from the export only ever reaches the DOM as text (textContent, attribute values,
// escaped chart text).
import { createEngine } from '../src/engine.js';
import { chartText, numberLocale, preferredLanguage, translate, translatePage, LANGUAGES } from '../src/i18n/i18n.js';
import { formatNumber, formatPercent, formatSeconds } from '../src/charts/text.js';
import { createBuilder } from './builder.js';
import { LIGHT_SPECS, memoryWarning, ranOutOfMemory } from './light-load.js';
import { createResultsView } from './results.js';
import { specFromUrl, urlWithSpec } from './share.js';

const SAMPLE_URL = 'sample/ga4-sample.ndjson.gz';
const MEGABYTE = 1e6;

const byId = (id) => document.getElementById(id);
const ui = {
  language: byId('language'),
  notice: byId('notice'),
  dropZone: byId('drop-zone'),
  fileInput: byId('file-input'),
  sampleButton: byId('sample-button'),
  cancelButton: byId('cancel-button'),
  lightLoad: byId('light-load'),
  lightRetry: byId('light-retry'),
  progressBar: byId('progress-bar'),
  progress: byId('progress'),
  memoryWarning: byId('memory-warning'),
  error: byId('error'),
  summary: byId('summary'),
  builderSection: byId('builder-section'),
  builderForm: byId('builder-form'),
  funnelFieldset: byId('funnel-fieldset'),
  steps: byId('steps'),
  addStep: byId('add-step'),
  exclusions: byId('exclusions'),
  addExclusion: byId('add-exclusion'),
  window: byId('window'),
  order: byId('order'),
  count: byId('count'),
  breakdown: byId('breakdown'),
  fieldList: byId('field-list'),
  attributionOn: byId('attribution-on'),
  conversion: byId('conversion'),
  touchpoint: byId('touchpoint'),
  lookback: byId('lookback'),
  runButton: byId('run-button'),
  copyLink: byId('copy-link'),
  linkStatus: byId('link-status'),
  specSection: byId('spec-section'),
  specText: byId('spec-text'),
};

const languageParameter = new URL(window.location.href).searchParams.get('lang');
let language = LANGUAGES.includes(languageParameter) ? languageParameter : preferredLanguage(navigator.languages ?? [navigator.language]);
const t = (key, values) => translate(language, key, values);
const locale = () => numberLocale(language);
const format = () => ({
  number: (value) => formatNumber(value, locale()),
  percent: (ratio) => formatPercent(ratio, locale()),
  seconds: (seconds) => formatSeconds(seconds, locale()),
});

const builder = createBuilder(ui, { translate: t, formatNumber: (value) => formatNumber(value, locale()) });
const results = createResultsView({ translate: t, format, chartOptions: () => ({ locale: locale(), text: chartText(language) }) });

let enginePromise = null;
let loadController = null;
let dataLoaded = false;
let lastRun = null; // {result, spec}: redrawn when the language changes
// The last problem shown, as a message key (redrawn when the language changes) and detail.
let shownError = null;

function engine() {
  enginePromise ??= createEngine();
  return enginePromise;
}

// A trapped engine (the browser refused it memory) stays broken: the next load gets a new one.
function discardEngine() {
  const broken = enginePromise;
  enginePromise = null;
  broken?.then((old) => old.dispose());
}

// `hint`: a message key for what to do next, shown after the rest.
function showError(key, error, lines = [], hint = null) {
  shownError = { key, error, lines, hint };
  const head = error ? `${t(key)}: ${error.message}` : t(key);
  const shown = [head, ...lines.map((line) => t('load.line', line))];
  if (hint) shown.push(t(hint));
  ui.error.textContent = shown.join('\n');
}

function clearError() {
  shownError = null;
  ui.error.textContent = '';
}

let summaryInput = null;
function showSummary(input) {
  summaryInput = input;
  if (!input) {
    ui.summary.textContent = '';
    return;
  }
  const number = format().number;
  // A path table (attribution input) has no events or users.
  const parts = [
    typeof input.events === 'number' && t('load.summary.events', { count: number(input.events) }),
    typeof input.entities === 'number' && t('load.summary.users', { count: number(input.entities) }),
    t('load.summary.format', { format: input.format }),
  ].filter(Boolean);
  if (input.skipped === 1) parts.push(t('load.summary.skippedOne'));
  else if (input.skipped > 1) parts.push(t('load.summary.skipped', { count: number(input.skipped) }));
  ui.summary.textContent = parts.join(' · ');
  const problems = (input.errors ?? []).map(({ line, message }) => ({ line, message }));
  if (problems.length > 0) showError('load.skippedRows', null, problems);
}

async function run() {
  const spec = builder.readSpec();
  const funnel = spec.analyses.find((analysis) => analysis.type === 'funnel');
  if (funnel && funnel.steps.length === 0) {
    showError('builder.needStep');
    return;
  }
  window.history.replaceState(null, '', urlWithSpec(window.location.href, spec));
  ui.specText.textContent = JSON.stringify(spec, null, 2);
  ui.specSection.hidden = false;
  if (!dataLoaded) return;
  clearError();
  ui.runButton.disabled = true;
  try {
    const result = await (await engine()).run(spec);
    lastRun = { result, spec };
    showSummary(result.input);
    results.show(result, spec);
  } catch (error) {
    results.hide();
    showError('run.failed', error);
    if (error.code === 'engine_failed') {
      discardEngine();
      dataLoaded = false;
    }
  } finally {
    ui.runButton.disabled = false;
  }
}

function megabytes(bytes) {
  return (bytes / MEGABYTE).toLocaleString(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

// Memory in MB, or GB from a thousand MB on.
function memoryText(bytes) {
  const unit = bytes >= 1000 * MEGABYTE ? 'load.gb' : 'load.mb';
  const value = bytes >= 1000 * MEGABYTE ? bytes / (1000 * MEGABYTE) : bytes / MEGABYTE;
  return t(unit, { bytes: value.toLocaleString(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }) });
}

let lastProgress = null;
// Whether the load under way keeps only LIGHT_SPECS' fields.
let loadingLight = false;
function showProgress(progress) {
  lastProgress = progress;
  drawProgress(progress);
}

function drawMemoryWarning(progress) {
  const warning = memoryWarning(progress, loadingLight);
  ui.memoryWarning.hidden = !warning;
  ui.memoryWarning.textContent = warning
    ? t(warning.key, { need: memoryText(warning.need), limit: memoryText(warning.limit) })
    : '';
  ui.lightRetry.hidden = !(warning?.offerLight && reloadLast);
}

function drawProgress(progress) {
  drawMemoryWarning(progress);
  const { bytes, totalBytes, decodedBytes, elapsedMs, done, events } = progress;
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const rate = `${megabytes(decodedBytes / seconds)} MB/s`;
  const read = totalBytes
    ? t('load.of', { bytes: megabytes(bytes), total: megabytes(totalBytes) })
    : t('load.mb', { bytes: megabytes(bytes) });
  if (totalBytes) ui.progressBar.value = done ? 1 : Math.min(bytes / totalBytes, 1);
  else if (done) ui.progressBar.value = 1;
  else ui.progressBar.removeAttribute('value');
  const doneKey = events > 0 ? 'load.done' : 'load.doneNoEvents';
  ui.progress.textContent = done
    ? t(doneKey, { events: format().number(events ?? 0), read, seconds: seconds.toFixed(1), rate })
    : events > 0
      ? t('load.readingEvents', { read, rate, events: format().number(events) })
      : t('load.reading', { read, rate });
}

// Loads the last export chosen (a File, or the sample) again: after a load that ran out of memory.
let reloadLast = null;

async function load(source, name) {
  ui.lightRetry.hidden = true;
  ui.memoryWarning.hidden = true;
  loadController?.abort();
  const controller = new AbortController();
  loadController = controller;
  const pendingSpec = ui.builderSection.hidden ? specFromUrl(window.location.href).spec : builder.readSpec();
  clearError();
  showSummary(null);
  ui.progress.textContent = t('load.starting');
  ui.progressBar.hidden = false;
  ui.progressBar.value = 0;
  results.hide();
  ui.builderSection.hidden = true;
  ui.cancelButton.hidden = false;
  ui.sampleButton.disabled = true;
  dataLoaded = false;
  const light = ui.lightLoad.checked;
  loadingLight = light;
  // A load another one replaced (a new file, or the light load offered midway) leaves the page
  // to that one.
  const current = () => loadController === controller;
  try {
    const loaded = await (await engine()).load(source, {
      name,
      signal: controller.signal,
      onProgress: (progress) => current() && showProgress(progress),
      specs: light ? LIGHT_SPECS : undefined,
    });
    dataLoaded = true;
    if (light) {
      ui.notice.dataset.i18n = 'load.lightNotice';
      ui.notice.textContent = t('load.lightNotice');
    } else {
      delete ui.notice.dataset.i18n;
      ui.notice.textContent = '';
    }
    builder.setData(loaded.description);
    builder.show(pendingSpec);
    ui.builderSection.hidden = false;
    await run();
  } catch (error) {
    if (!current()) return;
    ui.progress.textContent = '';
    ui.progressBar.hidden = true;
    ui.memoryWarning.hidden = true;
    if (error.name === 'AbortError') {
      showError('load.cancelled');
    } else if (ranOutOfMemory(error) && !light) {
      showError('load.failed', error, [], 'load.tryLight');
      ui.lightRetry.hidden = !reloadLast;
    } else {
      showError('load.failed', error);
    }
    if (error.code === 'engine_failed') discardEngine();
  } finally {
    if (current()) {
      loadController = null;
      ui.cancelButton.hidden = true;
      ui.sampleButton.disabled = false;
    }
  }
}

async function loadSample() {
  reloadLast = loadSample;
  try {
    const response = await fetch(SAMPLE_URL);
    if (!response.ok) throw new Error(t('load.sampleMissing', { status: response.status }));
    await load(response, 'the sample export');
  } catch (error) {
    showError('load.sampleFailed', error);
  }
}

function setLanguage(next) {
  language = next;
  ui.language.value = next;
  translatePage(document, next);
  if (shownError) showError(shownError.key, shownError.error, shownError.lines, shownError.hint);
  if (summaryInput) showSummary(summaryInput);
  if (lastProgress && ui.progress.textContent) drawProgress(lastProgress);
  if (lastRun) results.show(lastRun.result, lastRun.spec);
}

async function copyLink() {
  await run();
  try {
    await navigator.clipboard.writeText(window.location.href);
    ui.linkStatus.textContent = t('builder.linkCopied');
  } catch {
    ui.linkStatus.textContent = t('builder.linkInAddressBar');
  }
}

function loadFile(file) {
  reloadLast = () => load(file, file.name);
  load(file, file.name);
}

ui.fileInput.addEventListener('change', () => {
  const file = ui.fileInput.files[0];
  if (file) loadFile(file);
});
ui.lightRetry.addEventListener('click', () => {
  ui.lightLoad.checked = true;
  reloadLast?.();
});
ui.sampleButton.addEventListener('click', loadSample);
ui.cancelButton.addEventListener('click', () => loadController?.abort());
ui.addStep.addEventListener('click', () => builder.addStep());
ui.addExclusion.addEventListener('click', () => builder.addExclusion());
ui.copyLink.addEventListener('click', copyLink);
ui.language.addEventListener('change', () => setLanguage(ui.language.value));
ui.builderForm.addEventListener('submit', (event) => {
  event.preventDefault();
  run();
});
ui.dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  ui.dropZone.classList.add('dragging');
});
ui.dropZone.addEventListener('dragleave', () => ui.dropZone.classList.remove('dragging'));
ui.dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  ui.dropZone.classList.remove('dragging');
  const file = event.dataTransfer.files[0];
  if (file) loadFile(file);
});

setLanguage(language);
const shared = specFromUrl(window.location.href);
if (shared.spec) {
  // The link's analysis shows at once; loading data runs it.
  builder.setEventsFromSpec(shared.spec);
  builder.show(shared.spec);
  ui.builderSection.hidden = false;
  ui.specText.textContent = JSON.stringify(shared.spec, null, 2);
  ui.notice.textContent = t('load.sharedWaiting');
  ui.notice.dataset.i18n = 'load.sharedWaiting';
} else if (shared.error) {
  showError('run.failed', shared.error);
}

// The engine starts, and warms up, while the user picks a file (a failure shows at the load).
engine().catch(() => {});
