// The first, plain touchpath page: load an export, pick funnel steps, read the counts.
// Data from the export only ever reaches the DOM through textContent / option values.
import { createEngine } from '../src/engine.js';

const SAMPLE_URL = 'sample/ga4-sample.ndjson.gz';
// Used as the default funnel when the data has at least two of them (in this order).
const ECOMMERCE_STEPS = ['view_item', 'add_to_cart', 'begin_checkout', 'purchase'];
const MEGABYTE = 1e6;

const byId = (id) => document.getElementById(id);
const ui = {
  dropZone: byId('drop-zone'),
  fileInput: byId('file-input'),
  sampleButton: byId('sample-button'),
  cancelButton: byId('cancel-button'),
  progress: byId('progress'),
  error: byId('error'),
  summary: byId('summary'),
  funnelSection: byId('funnel-section'),
  funnelForm: byId('funnel-form'),
  steps: byId('steps'),
  addStep: byId('add-step'),
  window: byId('window'),
  order: byId('order'),
  count: byId('count'),
  runButton: byId('run-button'),
  resultSection: byId('result-section'),
  countHeading: byId('count-heading'),
  resultRows: byId('result-rows'),
  specText: byId('spec-text'),
};

let enginePromise = null;
let eventChoices = [];
let loadController = null;

function engine() {
  enginePromise ??= createEngine();
  return enginePromise;
}

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function formatNumber(value) {
  return Number(value).toLocaleString('en-US');
}

function formatPercent(ratio) {
  return typeof ratio === 'number' && Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)}%` : '–';
}

function formatSeconds(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '–';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

function showError(prefix, error) {
  ui.error.textContent = error ? `${prefix}: ${error.message}` : prefix;
}

// Describe() lists the events found with their counts, most frequent first.
function readEventChoices(description) {
  return (description.events ?? []).map(({ name, count }) => ({ name: String(name), count }));
}

function defaultSteps(choices) {
  const present = new Set(choices.map((choice) => choice.name));
  const ecommerce = ECOMMERCE_STEPS.filter((name) => present.has(name));
  if (ecommerce.length >= 2) return ecommerce;
  return choices.slice(0, 3).map((choice) => choice.name);
}

function addStepRow(selected) {
  const row = element('li');
  const select = element('select', undefined, { 'aria-label': 'Funnel step event' });
  for (const choice of eventChoices) {
    const option = element('option', `${choice.name} (${formatNumber(choice.count)})`);
    option.value = choice.name;
    select.append(option);
  }
  if (selected !== undefined) select.value = selected;
  const remove = element('button', 'Remove', { type: 'button', class: 'secondary' });
  remove.addEventListener('click', () => row.remove());
  row.append(select, ' ', remove);
  ui.steps.append(row);
}

function funnelSpec() {
  const steps = [...ui.steps.querySelectorAll('select')].map((select) => ({ event: select.value }));
  return {
    analyses: [
      {
        type: 'funnel',
        id: 'funnel',
        steps,
        window: ui.window.value.trim() || 'none',
        order: ui.order.value,
        count: ui.count.value,
      },
    ],
  };
}

function renderSkipped(input) {
  const parts = [
    `${formatNumber(input.events)} events`,
    `${formatNumber(input.entities)} users`,
    `format ${input.format}`,
  ];
  if (input.skipped > 0) {
    parts.push(`${formatNumber(input.skipped)} ${input.skipped === 1 ? 'row' : 'rows'} skipped`);
  }
  ui.summary.textContent = parts.join(' · ');
  const problems = (input.errors ?? []).map((problem) => `line ${problem.line}: ${problem.message}`);
  if (problems.length > 0) {
    ui.error.textContent = `Some rows could not be used and were skipped:\n${problems.join('\n')}`;
  }
}

function renderFunnel(result) {
  ui.resultRows.replaceChildren();
  for (const step of result.steps) {
    const row = element('tr');
    row.append(
      element('td', step.label),
      element('td', formatNumber(step.count), { 'data-testid': 'funnel-step-count' }),
      element('td', formatPercent(step.conversion_from_start)),
      element('td', formatPercent(step.conversion_from_previous)),
      element('td', formatNumber(step.dropoff ?? 0)),
      element('td', formatSeconds(step.median_seconds_from_previous)),
    );
    ui.resultRows.append(row);
  }
  ui.resultSection.hidden = false;
}

async function runFunnel() {
  const spec = funnelSpec();
  if (spec.analyses[0].steps.length === 0) {
    showError('Add at least one step to the funnel.');
    return;
  }
  ui.error.textContent = '';
  ui.runButton.disabled = true;
  try {
    const result = await (await engine()).run(spec);
    ui.countHeading.textContent = spec.analyses[0].count === 'sessions' ? 'Sessions' : 'Users';
    ui.specText.textContent = JSON.stringify(spec, null, 2);
    renderSkipped(result.input);
    renderFunnel(result.results[0]);
  } catch (error) {
    showError('The funnel could not run', error);
  } finally {
    ui.runButton.disabled = false;
  }
}

function progressText({ bytes, totalBytes, decodedBytes, elapsedMs, done, events }) {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const rate = `${(decodedBytes / MEGABYTE / seconds).toFixed(1)} MB/s`;
  const read = totalBytes
    ? `${(bytes / MEGABYTE).toFixed(1)} of ${(totalBytes / MEGABYTE).toFixed(1)} MB`
    : `${(bytes / MEGABYTE).toFixed(1)} MB`;
  if (!done) return `Reading… ${read} · ${rate}`;
  const what = events === undefined ? '' : ` ${formatNumber(events)} events from`;
  return `Loaded${what} ${read} in ${seconds.toFixed(1)} s · ${rate}`;
}

async function load(source, name) {
  loadController?.abort();
  const controller = new AbortController();
  loadController = controller;
  ui.error.textContent = '';
  ui.summary.textContent = '';
  ui.progress.textContent = 'Starting…';
  ui.resultSection.hidden = true;
  ui.funnelSection.hidden = true;
  ui.cancelButton.hidden = false;
  ui.sampleButton.disabled = true;
  try {
    const loaded = await (await engine()).load(source, {
      name,
      signal: controller.signal,
      onProgress: (progress) => {
        ui.progress.textContent = progressText(progress);
      },
    });
    eventChoices = readEventChoices(loaded.description);
    ui.steps.replaceChildren();
    for (const step of defaultSteps(eventChoices)) addStepRow(step);
    ui.funnelSection.hidden = false;
    await runFunnel();
  } catch (error) {
    ui.progress.textContent = '';
    if (error.name === 'AbortError') showError('Loading was cancelled.');
    else showError('This file could not be loaded', error);
  } finally {
    if (loadController === controller) loadController = null;
    ui.cancelButton.hidden = true;
    ui.sampleButton.disabled = false;
  }
}

async function loadSample() {
  try {
    const response = await fetch(SAMPLE_URL);
    if (!response.ok) throw new Error(`the sample is missing (HTTP ${response.status})`);
    await load(response, 'the sample export');
  } catch (error) {
    showError('Could not load the sample', error);
  }
}

ui.fileInput.addEventListener('change', () => {
  const file = ui.fileInput.files[0];
  if (file) load(file, file.name);
});
ui.sampleButton.addEventListener('click', loadSample);
ui.cancelButton.addEventListener('click', () => loadController?.abort());
ui.addStep.addEventListener('click', () => addStepRow());
ui.funnelForm.addEventListener('submit', (event) => {
  event.preventDefault();
  runFunnel();
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
  if (file) load(file, file.name);
});
