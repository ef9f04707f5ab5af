// Draws a run's results: funnel, breakdown, time to convert, attribution and the Markov flow,
// each as a chart with a table beside it and CSV / PNG export buttons.
import {
  renderAttribution, renderBreakdown, renderFunnel, renderSankey, renderTimeToConvert,
} from '../src/charts/charts.js';
import { attributionCredit, largestChannels } from '../src/charts/largest.js';
import { downloadChartPng, downloadCsv, element, fillTable } from './dom.js';

const byId = (id) => document.getElementById(id);

// A breakdown has a row per value (up to one a user) and an attribution one per touchpoint (up
// to 100,000): a table of them all would take the page minutes to lay out. It shows the
// largest; the CSV keeps every row.
const MAX_TABLE_ROWS = 100;

export function createResultsView({ translate, chartOptions, format }) {
  // What each export button saves: name → {rows: () => CSV rows, chart}.
  const exports = new Map();

  function exportButtons(name) {
    const holder = document.querySelector(`[data-export="${name}"]`);
    const button = (key, testId, onClick) => {
      const node = element('button', translate(key), { type: 'button', class: 'secondary small', 'data-i18n': key, 'data-testid': testId });
      node.addEventListener('click', onClick);
      return node;
    };
    holder.replaceChildren(
      button('result.csv', `${name}-csv`, () => downloadCsv(exports.get(name).rows(), `touchpath-${name}.csv`)),
      button('result.png', `${name}-png`, () => downloadChartPng(exports.get(name).chart, `touchpath-${name}.png`)),
    );
  }

  function showFunnel(result) {
    const { number, percent, seconds } = format();
    const unitsKey = result.count === 'sessions' ? 'table.sessions' : 'table.users';
    fillTable(byId('funnel-table'),
      ['table.step', unitsKey, 'table.fromStart', 'table.fromPrevious', 'table.dropoff', 'table.median'].map((key) => translate(key)),
      result.steps.map((step, index) => [
        `${index + 1}. ${step.label}`,
        { text: number(step.count), testId: 'funnel-step-count' },
        percent(step.conversion_from_start),
        percent(step.conversion_from_previous),
        number(step.dropoff ?? 0),
        seconds(step.median_seconds_from_previous),
      ]));
    exports.set('funnel', {
      chart: renderFunnel(byId('funnel-chart'), result, chartOptions()),
      rows: () => [
        ['step', 'label', 'count', 'conversion_from_start', 'conversion_from_previous', 'dropoff', 'dropoff_rate', 'median_seconds_from_previous'],
        ...result.steps.map((step, index) => [index + 1, step.label, step.count, step.conversion_from_start,
          step.conversion_from_previous, step.dropoff, step.dropoff_rate, step.median_seconds_from_previous]),
      ],
    });
    showBreakdown(result);
    showTimeToConvert(result);
    byId('funnel-result').hidden = false;
  }

  // Says, under a table, how many of its rows it shows, when not all.
  function showTruncation(note, shown, total) {
    const { number } = format();
    note.hidden = shown >= total;
    note.textContent = note.hidden ? '' : translate('result.tableTruncated', { shown: number(shown), total: number(total) });
  }

  function showBreakdown(result) {
    const block = byId('breakdown-block');
    block.hidden = !result.breakdown_field || !Array.isArray(result.breakdown);
    if (block.hidden) return;
    const { number, percent } = format();
    const heading = byId('breakdown-heading');
    heading.textContent = translate('result.breakdown', { field: result.breakdown_field });
    const last = result.steps.length - 1;
    // The engine lists the values by their step-1 count, most first.
    const shown = result.breakdown.slice(0, MAX_TABLE_ROWS);
    fillTable(byId('breakdown-table'),
      [translate('table.value'), ...result.steps.map((_, index) => `${index + 1}`), translate('table.conversion')],
      shown.map((row) => [
        row.value, ...row.counts.map(number), percent(row.counts[0] > 0 ? row.counts[last] / row.counts[0] : 0),
      ]));
    showTruncation(byId('breakdown-note'), shown.length, result.breakdown.length);
    exports.set('breakdown', {
      chart: renderBreakdown(byId('breakdown-chart'), result, chartOptions()),
      rows: () => [
        [result.breakdown_field, ...result.steps.map((step, index) => `${index + 1}. ${step.label}`)],
        ...result.breakdown.map((row) => [row.value, ...row.counts]),
      ],
    });
  }

  function showTimeToConvert(result) {
    const { number, seconds } = format();
    const summary = result.time_to_convert ?? {};
    const buckets = summary.histogram ?? [];
    byId('ttc-summary').textContent = translate('ttc.summary', {
      median: seconds(summary.median_seconds), p25: seconds(summary.p25), p75: seconds(summary.p75),
      p90: seconds(summary.p90), count: number(summary.count ?? 0),
    });
    const range = (bucket) => `${seconds(bucket.from_seconds)} – ${bucket.to_seconds == null ? '∞' : seconds(bucket.to_seconds)}`;
    fillTable(byId('ttc-table'), [translate('table.bucket'), translate('table.converted')],
      buckets.map((bucket) => [range(bucket), number(bucket.count)]));
    exports.set('ttc', {
      chart: renderTimeToConvert(byId('ttc-chart'), result, chartOptions()),
      rows: () => [['from_seconds', 'to_seconds', 'count'], ...buckets.map((b) => [b.from_seconds, b.to_seconds, b.count])],
    });
  }

  // Models in the order the spec lists them.
  function showAttribution(result, requestedModels = []) {
    const { number, percent } = format();
    const available = Object.keys(result.models ?? {});
    const models = [...requestedModels.filter((model) => available.includes(model)),
      ...available.filter((model) => !requestedModels.includes(model))];
    const channels = result.channels ?? [];
    const credit = attributionCredit(result, models);
    const notes = Object.entries(result.unavailable ?? {}).map(([model, reason]) => translate('result.unavailable', { model, reason }));
    if (!(result.conversions > 0)) notes.unshift(translate('result.noConversions'));
    byId('attribution-notes').textContent = notes.join(' · ');
    const shown = largestChannels(channels, models, credit, MAX_TABLE_ROWS);
    fillTable(byId('attribution-table'), [translate('table.channel'), ...models],
      shown.map((channel) => [channel, ...models.map((model) => number(Math.round(credit(model, channel) * 100) / 100))]));
    showTruncation(byId('attribution-table-note'), shown.length, channels.length);
    exports.set('attribution', {
      chart: renderAttribution(byId('attribution-chart'), result, { ...chartOptions(), models }),
      rows: () => [['model', 'channel', 'conversions', 'value'],
        ...models.flatMap((model) => result.models[model].map((row) => [model, row.channel, row.conversions, row.value]))],
    });
    const transitions = result.transition_matrix ?? [];
    fillTable(byId('removal-table'), [translate('table.channel'), translate('table.removalEffect')],
      (result.removal_effects ?? []).map((row) => [row.channel, percent(row.effect)]));
    exports.set('sankey', {
      chart: renderSankey(byId('sankey-chart'), result, chartOptions()),
      rows: () => [['from', 'to', 'probability'], ...transitions.map((link) => [link.from, link.to, link.probability])],
    });
    byId('attribution-result').hidden = false;
  }

  for (const name of ['funnel', 'breakdown', 'ttc', 'attribution', 'sankey']) exportButtons(name);

  return {
    hide() {
      byId('funnel-result').hidden = true;
      byId('attribution-result').hidden = true;
    },
    show(result, spec) {
      this.hide();
      result.results.forEach((analysis, index) => {
        if (analysis.type === 'funnel') {
          showFunnel({ ...analysis, count: spec.analyses[index].count, breakdown_field: spec.analyses[index].breakdown });
        } else if (analysis.type === 'attribution') {
          showAttribution(analysis, spec.analyses[index].models);
        }
      });
    },
  };
}
