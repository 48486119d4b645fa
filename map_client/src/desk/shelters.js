// The shelters desk pages: charts of the list page (status counts; fixed capacity against 15 % of
// the population by street) from the JSON the server renders, and on the phone inspection page the
// button that fills in the phone's position (browser geolocation; the server stores it).
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import './shelters.css';

echarts.use([BarChart, GridComponent, LegendComponent, CanvasRenderer]);
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif";
const english = () => (document.documentElement.lang || '').toLowerCase().startsWith('en');

function chart(id, option) {
  const el = document.getElementById(id);
  if (!el) return null;
  const instance = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'canvas' });
  instance.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option }, true);
  el.dataset.rendered = 'true';
  window.addEventListener('resize', () => instance.resize());
  return instance;
}

function renderCharts() {
  const source = document.getElementById('shelters-chart-data');
  if (!source) return;
  let data;
  try {
    data = JSON.parse(source.textContent);
  } catch (err) {
    console.warn('shelters chart data:', err);
    return;
  }
  const axis = (labels) => ({ type: 'category', data: labels, axisLabel: { interval: 0, fontSize: 11 } });
  chart('shelters-chart-status', {
    grid: { left: 40, right: 12, top: 24, bottom: 28 },
    xAxis: axis(data.status.labels),
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: data.status.values, itemStyle: { color: '#27ae60' }, barMaxWidth: 36,
      label: { show: true, position: 'top', fontSize: 11 } }],
  });
  const s = data.streets;
  chart('shelters-chart-streets', {
    grid: { left: 56, right: 12, top: 30, bottom: 48 },
    legend: { top: 0, data: [s.capacity_label, s.required_label] },
    xAxis: { ...axis(s.labels), axisLabel: { interval: 0, fontSize: 10, rotate: 30 } },
    yAxis: { type: 'value' },
    series: [
      { name: s.capacity_label, type: 'bar', data: s.capacity, itemStyle: { color: '#27ae60' } },
      { name: s.required_label, type: 'bar', data: s.required, itemStyle: { color: '#e67e22' } },
    ],
  });
}

function setUpLocate() {
  const button = document.getElementById('locate');
  if (!button) return;
  const text = document.getElementById('position-text');
  const say = (zh, en) => { text.textContent = english() ? en : zh; };
  button.addEventListener('click', () => {
    if (!navigator.geolocation) {
      say('此浏览器无法定位，请在备注中写明位置。', 'This browser cannot locate; describe the place in the notes.');
      return;
    }
    say('正在定位…', 'Locating…');
    navigator.geolocation.getCurrentPosition((pos) => {
      const { longitude, latitude, accuracy } = pos.coords;
      document.getElementById('lon').value = longitude.toFixed(6);
      document.getElementById('lat').value = latitude.toFixed(6);
      document.getElementById('accuracy').value = Math.round(accuracy);
      say(`已定位：${longitude.toFixed(5)}, ${latitude.toFixed(5)}（±${Math.round(accuracy)} 米）`,
        `Located: ${longitude.toFixed(5)}, ${latitude.toFixed(5)} (±${Math.round(accuracy)} m)`);
      text.dataset.located = 'true';
    }, (err) => {
      say(`定位失败（${err.message}），请允许定位或在备注中写明位置。`,
        `Could not locate (${err.message}); allow location or describe the place in the notes.`);
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
}

renderCharts();
setUpLocate();
document.addEventListener('htmx:afterSettle', renderCharts);
