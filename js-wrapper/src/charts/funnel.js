// Funnel charts: steps as horizontal bars (reached + drop-off), the breakdown comparison and
// the time-to-convert histogram. Each takes an engine funnel result and draws into an element.
import { drawChart } from './echarts-setup.js';
import {
  DEFAULT_TEXT, formatDuration, formatNumber, formatPercent, formatSeconds, plainLabel, tooltipHtml,
} from './text.js';

const DROPOFF_COLOR = '#d5dae5';
const LABEL_WIDTH = 120;

function settings(options = {}) {
  return { locale: options.locale, text: { ...DEFAULT_TEXT, ...options.text } };
}

function axisTooltip(formatter) {
  return { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, formatter };
}

export function renderFunnel(element, result, options = {}) {
  const { locale, text } = settings(options);
  const steps = result.steps ?? [];
  const stepTooltip = (index) => {
    const step = steps[index];
    return tooltipHtml(step.label, [
      [text.count, formatNumber(step.count, locale)],
      [text.fromStart, formatPercent(step.conversion_from_start, locale)],
      [text.fromPrevious, formatPercent(step.conversion_from_previous, locale)],
      [text.dropoff, `${formatNumber(step.dropoff ?? 0, locale)} (${formatPercent(step.dropoff_rate ?? 0, locale)})`],
    ]);
  };
  return drawChart(element, {
    tooltip: axisTooltip((params) => stepTooltip(params[0].dataIndex)),
    legend: { top: 0, data: [text.reached, text.dropoff] },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: (value) => formatNumber(value, locale) } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: steps.map((step, index) => plainLabel(`${index + 1}. ${step.label}`)),
      axisLabel: { width: LABEL_WIDTH, overflow: 'truncate' },
    },
    series: [
      {
        name: text.reached,
        type: 'bar',
        stack: 'funnel',
        data: steps.map((step) => step.count),
        label: {
          show: true,
          position: 'insideLeft',
          color: '#fff',
          textBorderColor: '#1d2330',
          textBorderWidth: 2,
          formatter: ({ dataIndex }) => {
            const step = steps[dataIndex];
            return `${formatNumber(step.count, locale)} · ${formatPercent(step.conversion_from_start, locale)}`;
          },
        },
      },
      {
        name: text.dropoff,
        type: 'bar',
        stack: 'funnel',
        color: DROPOFF_COLOR,
        data: steps.map((step) => step.dropoff ?? 0),
      },
    ],
  });
}

// Conversion from step 1, per breakdown value (the `maxValues` largest, default 6), per step.
export function renderBreakdown(element, result, options = {}) {
  const { locale, text } = settings(options);
  const steps = result.steps ?? [];
  const rows = (result.breakdown ?? []).slice(0, options.maxValues ?? 6);
  const ratio = (row, index) => (row.counts[0] > 0 ? row.counts[index] / row.counts[0] : 0);
  return drawChart(element, {
    tooltip: axisTooltip((params) => {
      const index = params[0].dataIndex;
      return tooltipHtml(steps[index]?.label ?? '', rows.map((row) => [
        row.value,
        `${formatPercent(ratio(row, index), locale)} (${formatNumber(row.counts[index], locale)})`,
      ]));
    }),
    legend: { type: 'scroll', top: 0, data: rows.map((row) => plainLabel(row.value)) },
    grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: steps.map((step, index) => plainLabel(`${index + 1}. ${step.label}`)),
      axisLabel: { width: 90, overflow: 'truncate', interval: 0 },
    },
    yAxis: {
      type: 'value',
      max: 1,
      name: text.conversionFromStart,
      nameTextStyle: { align: 'left' },
      axisLabel: { formatter: (value) => formatPercent(value, locale) },
    },
    series: rows.map((row) => ({
      name: plainLabel(row.value),
      type: 'bar',
      data: steps.map((_, index) => ratio(row, index)),
    })),
  });
}

export function renderTimeToConvert(element, result, options = {}) {
  const { locale, text } = settings(options);
  const buckets = result.time_to_convert?.histogram ?? [];
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const bucketLabel = (bucket) =>
    bucket.to_seconds === null || bucket.to_seconds === undefined
      ? `> ${formatDuration(bucket.from_seconds)}`
      : `≤ ${formatDuration(bucket.to_seconds)}`;
  return drawChart(element, {
    tooltip: axisTooltip((params) => {
      const bucket = buckets[params[0].dataIndex];
      return tooltipHtml(`${formatSeconds(bucket.from_seconds, locale)} – ${bucket.to_seconds == null ? '∞' : formatSeconds(bucket.to_seconds, locale)}`, [
        [text.converted, formatNumber(bucket.count, locale)],
        ['%', formatPercent(total > 0 ? bucket.count / total : 0, locale)],
      ]);
    }),
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: buckets.map(bucketLabel), name: text.timeToConvert, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: text.converted, nameTextStyle: { align: 'left' }, axisLabel: { formatter: (value) => formatNumber(value, locale) } },
    series: [{ name: text.converted, type: 'bar', data: buckets.map((bucket) => bucket.count) }],
  });
}
