// /warnings/{id}/exposure/: the warning's area and the exposed features on a map (data from the
// page, rendered by the server from GET /api/warnings/{id}/exposure/), and remediation tasks from
// the ticked features (POST /api/warnings/{id}/exposure/tasks/).
import { request } from '../core/api.js';
import { CHANGNING_BOUNDS, createMap, maplibregl } from '../core/map.js';
import { exposeForTests } from '../core/test-hook.js';
import { buildStyle } from '../style/build.js';
import { api } from '../core/api.js';
import './imports.css';

const COLOURS = { enterprises: '#b3261e', hazards: '#d9822b', shelters: '#2e9d5b', warehouses: '#1f6fd1', cameras: '#5b6b7c' };

/** The exposed features as one FeatureCollection, coloured by layer (exported for tests). */
export function exposedFeatures(data) {
  const features = [];
  for (const [layer, entry] of Object.entries((data && data.layers) || {})) {
    for (const f of entry.features || []) {
      features.push({ type: 'Feature', properties: { layer, name: f.name, colour: COLOURS[layer] || '#333' },
        geometry: { type: 'Point', coordinates: [f.lon, f.lat] } });
    }
  }
  return { type: 'FeatureCollection', features };
}

async function mount() {
  const node = document.getElementById('exposure-data');
  const container = document.getElementById('exposure-map');
  if (!node || !container) return;
  const data = JSON.parse(node.textContent);
  let layers = [];
  try {
    layers = (await api.layers()).layers.filter((l) => l.id === 'districts');
  } catch (err) {
    console.warn('exposure map: /api/layers/', err);
  }
  const colour = { red: '#e60012', orange: '#ff8c00', yellow: '#f5c400', blue: '#1f6fd1' }[data.warning.colour];
  createMap(container, buildStyle(layers, { origin: window.location.origin }), {
    bounds: CHANGNING_BOUNDS,
    onLoad: (m) => {
      m.addSource('exposure-area', { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: data.warning.geometry } });
      m.addLayer({ id: 'exposure-area', type: 'fill', source: 'exposure-area', paint: { 'fill-color': colour, 'fill-opacity': 0.2 } });
      m.addLayer({ id: 'exposure-edge', type: 'line', source: 'exposure-area', paint: { 'line-color': colour, 'line-width': 2 } });
      m.addSource('exposure-points', { type: 'geojson', data: exposedFeatures(data) });
      m.addLayer({ id: 'exposure-points', type: 'circle', source: 'exposure-points',
        paint: { 'circle-color': ['get', 'colour'], 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
      const bounds = new maplibregl.LngLatBounds();
      const visit = (c) => (typeof c[0] === 'number' ? bounds.extend(c) : c.forEach(visit));
      visit(data.warning.geometry.coordinates);
      m.fitBounds(bounds, { padding: 30, duration: 0 });
      container.dataset.ready = 'true';
      exposeForTests({ exposureReady: true });
    },
  });
  const form = document.getElementById('exposure-tasks');
  if (form) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const features = [...document.querySelectorAll('.exposure-pick:checked')]
        .map((box) => ({ layer: box.dataset.layer, id: Number(box.dataset.id) }));
      const body = { features, deadline: new Date(form.deadline.value).toISOString() };
      if (form.assignee.value) body.assignee = Number(form.assignee.value);
      if (form.department.value) body.department = Number(form.department.value);
      const out = document.getElementById('exposure-tasks-result');
      try {
        const { data: answer } = await request('POST', `/api/warnings/${data.warning.id}/exposure/tasks/`, { body });
        out.textContent = answer.tasks.map((t) => t.title).join('；');
      } catch (err) {
        out.textContent = (err.body && err.body.detail) || String(err);
      }
    });
  }
}

mount().catch((err) => console.warn('exposure page:', err));
