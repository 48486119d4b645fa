// The resource ledger and the warehouses desk: the bar charts of the statistics and the map beside
// the list. Both read JSON the server puts in the page (<script type="application/json">) and are
// redrawn whenever htmx swaps new results in. ECharts is imported piece by piece (tree-shaken).
import { BarChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { api } from '../core/api.js';
import { CHANGNING_BOUNDS, createMap, maplibregl } from '../core/map.js';
import { buildStyle } from '../style/build.js';
import { applyPolygonLabels, fetchPolygonLabels } from '../style/polygon-labels.js';
import './ledger.css';

echarts.use([BarChart, GridComponent, CanvasRenderer]);

const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif";
const charts = new Map();
// One colour per resource kind / warehouse level, the rest grey.
const COLOURS = {
  team: '#e60012', expert: '#7b3fb2', equipment: '#1f6fd1', material: '#2e9d5b', vehicle: '#d9822b',
  city: '#b3261e', district: '#1f6fd1', street: '#2e9d5b',
};

function readJSON(id) {
  const el = document.getElementById(id);
  if (!el) return null;
  try {
    return JSON.parse(el.textContent);
  } catch (err) {
    console.warn(`${id}:`, err);
    return null;
  }
}

function chartOption(spec) {
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    grid: { left: 48, right: 12, top: 24, bottom: spec.rotate ? 80 : 40 },
    xAxis: { type: 'category', data: spec.labels, axisLabel: { interval: 0, fontSize: 11, rotate: spec.rotate ? 40 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: spec.values, itemStyle: { color: spec.colour }, barMaxWidth: 36,
      label: { show: !spec.rotate, position: 'top', fontSize: 11 } }],
  };
}

export function renderCharts() {
  for (const [id, chart] of charts) {
    if (chart.getDom() !== document.getElementById(id)) {
      chart.dispose();
      charts.delete(id);
    }
  }
  const data = readJSON('ledger-chart-data');
  if (!data) return;
  for (const spec of data.charts || []) {
    const el = document.getElementById(spec.element);
    if (!el) continue;
    let chart = charts.get(spec.element);
    if (!chart) {
      el.removeAttribute('_echarts_instance_');
      el.replaceChildren();
      chart = echarts.init(el, null, { renderer: 'canvas' });
      charts.set(spec.element, chart);
    }
    chart.setOption(chartOption(spec), true);
    el.dataset.rendered = spec.values.join(',');
  }
}

/** The list's rows as GeoJSON points (exported for tests). */
export function pointsToGeoJSON(points) {
  return {
    type: 'FeatureCollection',
    features: (points || []).map((p) => ({
      type: 'Feature', id: p.id,
      properties: { id: p.id, name: p.name, kind: p.kind, label: p.label, colour: COLOURS[p.kind] || '#5b6b7c' },
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    })),
  };
}

function circle(lon, lat, metres, steps = 64) {
  const ring = [];
  const dLat = metres / 111320;
  const dLon = metres / (111320 * Math.cos((lat * Math.PI) / 180));
  for (let i = 0; i <= steps; i += 1) {
    const a = (i / steps) * 2 * Math.PI;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  return { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } };
}

let ledgerMap = null;
let ready = null;

function showData(map, data) {
  const fc = pointsToGeoJSON(data.points);
  map.getSource('ledger-points').setData(fc);
  const extras = [];
  if (data.origin) {
    extras.push({ type: 'Feature', properties: { origin: true }, geometry: { type: 'Point', coordinates: [data.origin.lon, data.origin.lat] } });
    if (data.radius_m) extras.push(circle(data.origin.lon, data.origin.lat, data.radius_m));
  }
  map.getSource('ledger-origin').setData({ type: 'FeatureCollection', features: extras });
  const coords = [...fc.features, ...extras.filter((f) => f.geometry.type === 'Point')].map((f) => f.geometry.coordinates);
  if (coords.length) {
    const bounds = coords.reduce((b, c) => b.extend(c), new maplibregl.LngLatBounds(coords[0], coords[0]));
    map.fitBounds(bounds, { padding: 40, maxZoom: 15, duration: 0 });
  }
  map.getContainer().dataset.points = String(fc.features.length);
}

async function mountMap(container) {
  let layers = [];
  try {
    layers = (await api.layers()).layers.filter((l) => l.id === 'districts');
  } catch (err) {
    console.warn('ledger map: /api/layers/', err);
  }
  const style = buildStyle(layers, { origin: window.location.origin });
  const labels = fetchPolygonLabels(style, layers);
  return new Promise((resolve) => {
    const map = createMap(container, style, {
      bounds: CHANGNING_BOUNDS,
      onLoad: async (m) => {
        applyPolygonLabels(m, await labels);
        m.addSource('ledger-origin', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
        m.addSource('ledger-points', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
        m.addLayer({ id: 'ledger-radius', type: 'fill', source: 'ledger-origin', filter: ['==', ['geometry-type'], 'Polygon'],
          paint: { 'fill-color': '#1f6fd1', 'fill-opacity': 0.08, 'fill-outline-color': '#1f6fd1' } });
        m.addLayer({ id: 'ledger-points', type: 'circle', source: 'ledger-points',
          paint: { 'circle-color': ['get', 'colour'], 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
        m.addLayer({ id: 'ledger-origin-point', type: 'circle', source: 'ledger-origin', filter: ['==', ['geometry-type'], 'Point'],
          paint: { 'circle-color': '#ffd34d', 'circle-radius': 8, 'circle-stroke-color': '#b3261e', 'circle-stroke-width': 2 } });
        m.on('click', 'ledger-points', (e) => {
          const f = e.features && e.features[0];
          if (!f) return;
          new maplibregl.Popup({ closeButton: false }).setLngLat(f.geometry.coordinates)
            .setText(`${f.properties.name} · ${f.properties.label}`).addTo(m);
          const row = document.querySelector(`tr[data-id="${f.properties.id}"]`);
          if (row) row.scrollIntoView({ block: 'center', behavior: 'smooth' });
        });
        m.on('mouseenter', 'ledger-points', () => { m.getCanvas().style.cursor = 'pointer'; });
        m.on('mouseleave', 'ledger-points', () => { m.getCanvas().style.cursor = ''; });
        resolve(m);
      },
    });
    ledgerMap = map;
  });
}

async function renderMap() {
  const data = readJSON('ledger-map-data');
  const container = document.getElementById('ledger-map');
  if (!data || !container) return;
  if (!ledgerMap || ledgerMap.getContainer() !== container) {
    if (ledgerMap) ledgerMap.remove();
    ledgerMap = null;
    ready = mountMap(container);
  }
  const map = await ready;
  showData(map, data);
  container.dataset.ready = 'true';
}

function render() {
  renderCharts();
  renderMap().catch((err) => console.warn('ledger map:', err));
}

render();
document.addEventListener('htmx:afterSettle', render);
document.addEventListener('htmx:historyRestore', render);
window.addEventListener('resize', () => charts.forEach((chart) => chart.resize()));
