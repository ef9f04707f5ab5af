// The one place that loads ECharts: only the chart types and components touchpath draws, so the
// bundle stays small (tree-shaken through echarts/core).
import { init, use } from 'echarts/core';
import { BarChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, SankeyChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const PALETTE = ['#3763d6', '#e07b39', '#2f9e74', '#c2417a', '#8a63d2', '#d4a514', '#4aa3c4', '#7d8597', '#b5563c'];

// Draws `option` into `element`, reusing the chart already there; resizes with the element.
// Returns the ECharts instance (its getDataURL() gives the PNG).
export function drawChart(element, option) {
  let chart = element.touchpathChart;
  if (!chart || chart.isDisposed()) {
    chart = init(element, null, { renderer: 'canvas' });
    element.touchpathChart = chart;
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => chart.isDisposed() || chart.resize()).observe(element);
    }
  }
  chart.setOption({ color: PALETTE, animation: false, ...option }, { notMerge: true });
  return chart;
}
