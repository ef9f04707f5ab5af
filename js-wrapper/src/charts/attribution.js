// Attribution charts: credited conversions per channel, one bar per model, and the Markov
// chain's transitions as a Sankey flow.
import { drawChart } from './echarts-setup.js';
import { attributionCredit, largestChannels } from './largest.js';
import { DEFAULT_TEXT, escapeHtml, formatNumber, formatPercent, plainLabel, tooltipHtml } from './text.js';

// More bars than this are unreadable: the channels with the most credit are drawn.
const MAX_CHART_CHANNELS = 20;

function settings(options = {}) {
  return { locale: options.locale, text: { ...DEFAULT_TEXT, ...options.text } };
}

// options.measure: "conversions" (default) or "value"; options.models: which models, in order;
// options.maxChannels: at most how many channels (default 20), those with the most credit.
export function renderAttribution(element, result, options = {}) {
  const { locale, text } = settings(options);
  const measure = options.measure === 'value' ? 'value' : 'conversions';
  const models = (options.models ?? Object.keys(result.models ?? {})).filter((name) => result.models?.[name]);
  const credit = attributionCredit(result, models, measure);
  const channels = largestChannels(result.channels ?? result.models?.[models[0]]?.map((row) => row.channel) ?? [],
    models, credit, options.maxChannels ?? MAX_CHART_CHANNELS);
  return drawChart(element, {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params) => {
        const channel = channels[params[0].dataIndex];
        return tooltipHtml(channel, models.map((model) => [
          model, formatNumber(Math.round(credit(model, channel) * 100) / 100, locale),
        ]));
      },
    },
    legend: { type: 'scroll', top: 0, data: models },
    grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: channels.map(plainLabel),
      axisLabel: { interval: 0, rotate: channels.length > 5 ? 30 : 0, width: 110, overflow: 'truncate' },
    },
    yAxis: {
      type: 'value',
      name: measure === 'value' ? text.value : text.conversions,
      nameTextStyle: { align: 'left' },
      axisLabel: { formatter: (value) => formatNumber(value, locale) },
    },
    series: models.map((model) => ({
      name: model,
      type: 'bar',
      data: channels.map((channel) => credit(model, channel)),
    })),
  });
}

// Markov transitions (result.transition_matrix) from states on the left to states on the right;
// links below options.minProbability (default 0.01) are left out. The chain has cycles and
// ECharts' Sankey needs a DAG, so each state appears twice: as a source and as a target.
export function renderSankey(element, result, options = {}) {
  const { locale, text } = settings(options);
  const minProbability = options.minProbability ?? 0.01;
  const transitions = (result.transition_matrix ?? []).filter((link) => link.probability >= minProbability);
  const sourceId = (state) => `from\u0000${state}`;
  const targetId = (state) => `to\u0000${state}`;
  const nodes = new Map();
  for (const { from, to } of transitions) {
    nodes.set(sourceId(from), { name: sourceId(from), state: String(from), depth: 0 });
    nodes.set(targetId(to), { name: targetId(to), state: String(to), depth: 1 });
  }
  const stateOf = (id) => nodes.get(id)?.state ?? '';
  return drawChart(element, {
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params) => {
        if (params.dataType === 'edge') {
          return tooltipHtml(`${stateOf(params.data.source)} → ${stateOf(params.data.target)}`, [
            [text.probability, formatPercent(params.data.value, locale)],
          ]);
        }
        return `<b>${escapeHtml(stateOf(params.name))}</b>`;
      },
    },
    series: [{
      type: 'sankey',
      left: 8,
      right: 8,
      top: 8,
      bottom: 8,
      nodeGap: 6,
      emphasis: { focus: 'adjacency' },
      lineStyle: { color: 'gradient', opacity: 0.4 },
      label: { formatter: (params) => plainLabel(stateOf(params.name)), width: 140, overflow: 'truncate' },
      levels: [{ depth: 0, label: { position: 'right' } }, { depth: 1, label: { position: 'left' } }],
      data: [...nodes.values()].map(({ name, depth }) => ({ name, depth })),
      links: transitions.map((link) => ({
        source: sourceId(link.from), target: targetId(link.to), value: link.probability,
      })),
    }],
  });
}
