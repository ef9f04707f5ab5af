// Formatting shared by the charts. Strings from the data reach ECharts only through these:
// tooltips are HTML in ECharts, so every data string passes escapeHtml first.
const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

// One tooltip: a bold title, then "name: value" lines; every piece is escaped.
export function tooltipHtml(title, lines) {
  const body = lines.map(([name, value]) => `${escapeHtml(name)}: <b>${escapeHtml(value)}</b>`);
  return [`<b>${escapeHtml(title)}</b>`, ...body].join('<br>');
}

// ECharts reads `{style|text}` in label strings as rich text; break the pattern so a data
// string is always drawn exactly as it is.
export function plainLabel(value) {
  return String(value).replace(/\{/g, '{\u200b');
}

export function formatNumber(value, locale) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toLocaleString(locale) : '–';
}

export function formatPercent(ratio, locale) {
  if (typeof ratio !== 'number' || !Number.isFinite(ratio)) return '–';
  return ratio.toLocaleString(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export function formatSeconds(seconds, locale) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '–';
  const one = (value, unit) => `${value.toLocaleString(locale, { maximumFractionDigits: 1 })} ${unit}`;
  if (seconds < 90) return one(Math.round(seconds), 's');
  if (seconds < 90 * 60) return one(seconds / 60, 'min');
  if (seconds < 36 * 3600) return one(seconds / 3600, 'h');
  return one(seconds / 86400, 'd');
}

// "1m", "2h", "7d": the histogram's bucket edges as short labels.
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '∞';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${seconds / 60}m`;
  if (seconds < 86400) return `${seconds / 3600}h`;
  return `${seconds / 86400}d`;
}

// Options' `text` overrides these (the page passes its translations).
export const DEFAULT_TEXT = {
  count: 'Count',
  reached: 'Reached',
  dropoff: 'Drop-off',
  fromStart: 'From start',
  fromPrevious: 'From previous',
  conversionFromStart: 'Conversion from start',
  converted: 'Converted',
  timeToConvert: 'Time to convert',
  conversions: 'Conversions',
  value: 'Value',
  probability: 'Probability',
};
