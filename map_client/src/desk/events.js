// Charts of the desk's event list: counts per status and per category under the current filters,
// from the JSON the server puts in the results partial (<script type="application/json">). Redrawn
// whenever htmx swaps new results in. ECharts is imported piece by piece so the bundle stays small.
import { BarChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Titles are HTML headings and every bar carries its value as a label: no title or tooltip component.
echarts.use([BarChart, GridComponent, CanvasRenderer]);

const CHARTS = [
  { key: 'status', element: 'events-chart-status', colour: '#1f6fd1' },
  { key: 'category', element: 'events-chart-category', colour: '#d9822b' },
];
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif";
const live = new Map();

function option(spec, colour) {
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    grid: { left: 40, right: 12, top: 24, bottom: 28 },
    xAxis: { type: 'category', data: spec.labels, axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: spec.values, itemStyle: { color: colour }, barMaxWidth: 36,
      label: { show: true, position: 'top', fontSize: 11 } }],
  };
}

export function renderCharts() {
  for (const [id, chart] of live) {
    if (!document.getElementById(id) || chart.getDom() !== document.getElementById(id)) {
      chart.dispose();
      live.delete(id);
    }
  }
  const source = document.getElementById('events-chart-data');
  if (!source) return;
  let data;
  try {
    data = JSON.parse(source.textContent);
  } catch (err) {
    console.warn('events chart data:', err);
    return;
  }
  for (const { key, element, colour } of CHARTS) {
    const el = document.getElementById(element);
    if (!el || !data[key]) continue;
    let chart = live.get(element);
    if (!chart) {
      // After a history restore the element is a copy of an old chart: start it afresh.
      el.removeAttribute('_echarts_instance_');
      el.replaceChildren();
      chart = echarts.init(el, null, { renderer: 'canvas' });
      live.set(element, chart);
    }
    chart.setOption(option(data[key], colour), true);
    el.dataset.rendered = data[key].values.join(',');
  }
}

renderCharts();
document.addEventListener('htmx:afterSettle', renderCharts);
document.addEventListener('htmx:historyRestore', renderCharts);
window.addEventListener('resize', () => live.forEach((chart) => chart.resize()));
