// touchpath's charts (ECharts), usable without the page: each render function takes an
// element and an engine result, draws into the element (again on each call) and returns the
// ECharts instance, e.g. chart.getDataURL({ type: 'png' }) for a PNG.
export { renderBreakdown, renderFunnel, renderTimeToConvert } from './funnel.js';
export { renderAttribution, renderSankey } from './attribution.js';
