// Draws a run's results: funnel, breakdown, time to convert, attribution and the Markov flow,
// each as a chart with a table beside it and CSV / PNG export buttons.
import {
  renderAttribution, renderBreakdown, renderFunnel, renderSankey, renderTimeToConvert,
} from '../src/charts/charts.js';
import { downloadChartPng, downloadCsv, element, fillTable } from './dom.js';

const byId = (id) => document.getElementById(id);

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

  function showBreakdown(result) {
    const block = byId('breakdown-block');
    block.hidden = !result.breakdown_field || !Array.isArray(result.breakdown);
    if (block.hidden) return;
    const { number, percent } = format();
    const heading = byId('breakdown-heading');
    heading.textContent = translate('result.breakdown', { field: result.breakdown_field });
    const last = result.steps.length - 1;
    fillTable(byId('breakdown-table'),
      [translate('table.value'), ...result.steps.map((_, index) => `${index + 1}`), translate('table.conversion')],
      result.breakdown.map((row) => [
        row.value, ...row.counts.map(number), percent(row.counts[0] > 0 ? row.counts[last] / row.counts[0] : 0),
      ]));
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
    const credit = (model, channel) => result.models[model].find((row) => row.channel === channel) ?? {};
    const notes = Object.entries(result.unavailable ?? {}).map(([model, reason]) => translate('result.unavailable', { model, reason }));
    if (!(result.conversions > 0)) notes.unshift(translate('result.noConversions'));
    byId('attribution-notes').textContent = notes.join(' · ');
    fillTable(byId('attribution-table'), [translate('table.channel'), ...models],
      channels.map((channel) => [channel, ...models.map((model) => number(Math.round((credit(model, channel).conversions ?? 0) * 100) / 100))]));
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
