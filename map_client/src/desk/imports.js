// /imports/: upload a file, see its first features on a map, map the file's columns to the layer's
// fields, read the per-row report, load (a background job) and watch the progress bar. The server
// checks and converts everything (etl/imports); this page only shows what /api/imports/ answers.
import { csrfToken, request } from '../core/api.js';
import { CHANGNING_BOUNDS, createMap, maplibregl } from '../core/map.js';
import { exposeForTests } from '../core/test-hook.js';
import { buildStyle } from '../style/build.js';
import { api } from '../core/api.js';
import './imports.css';

const $ = (id) => document.getElementById(id);
const root = $('imports');
const T = (key) => (root && root.dataset[`t${key[0].toUpperCase()}${key.slice(1)}`]) || key;
const ENDED = ['done', 'failed', 'cancelled'];
let current = null;
let map = null;
let mapReady = null;
let polling = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function showError(message) {
  const box = $('imports-error');
  box.textContent = message || '';
  box.hidden = !message;
}

function errorText(err) {
  const body = err && err.body;
  if (body && typeof body === 'object' && body.detail) return body.detail;
  return String((err && err.message) || err);
}

/** The bounds of a FeatureCollection's coordinates, or null (exported for tests). */
export function featureBounds(fc) {
  let bounds = null;
  const visit = (c) => {
    if (typeof c[0] === 'number') {
      bounds = bounds ? bounds.extend(c) : new maplibregl.LngLatBounds(c, c);
    } else c.forEach(visit);
  };
  for (const f of (fc && fc.features) || []) if (f.geometry) visit(f.geometry.coordinates);
  return bounds;
}

async function ensureMap() {
  if (mapReady) return mapReady;
  let layers = [];
  try {
    layers = (await api.layers()).layers.filter((l) => l.id === 'districts');
  } catch (err) {
    console.warn('imports map: /api/layers/', err);
  }
  const style = buildStyle(layers, { origin: window.location.origin });
  mapReady = new Promise((resolve) => {
    map = createMap($('imports-map'), style, {
      bounds: CHANGNING_BOUNDS,
      onLoad: (m) => {
        m.addSource('import-preview', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
        m.addLayer({ id: 'import-preview-fill', type: 'fill', source: 'import-preview',
          filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#1f6fd1', 'fill-opacity': 0.25 } });
        m.addLayer({ id: 'import-preview-line', type: 'line', source: 'import-preview',
          filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#1f6fd1', 'line-width': 2 } });
        m.addLayer({ id: 'import-preview-points', type: 'circle', source: 'import-preview',
          filter: ['==', ['geometry-type'], 'Point'],
          paint: { 'circle-color': '#e8590c', 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
        m.on('click', 'import-preview-points', (e) => {
          const f = e.features && e.features[0];
          if (!f) return;
          const text = Object.entries(f.properties).map(([k, v]) => `${k}: ${v}`).join('\n');
          new maplibregl.Popup({ closeButton: true }).setLngLat(e.lngLat).setText(text).addTo(m);
        });
        resolve(m);
      },
    });
  });
  return mapReady;
}

async function showPreview(job) {
  const fc = (job.report && job.report.preview) || { type: 'FeatureCollection', features: [] };
  const m = await ensureMap();
  m.getSource('import-preview').setData(fc);
  const bounds = featureBounds(fc);
  if (bounds) m.fitBounds(bounds, { padding: 40, maxZoom: 16, duration: 0 });
  $('imports-map').dataset.features = String(fc.features.length);
  exposeForTests({ importPreview: fc.features.length });
}

function mappingForm(job) {
  const form = $('imports-mapping');
  form.replaceChildren();
  const columns = ((job.report && job.report.fields) || []).map((f) => f.name);
  const table = el('table', {}, el('thead', {}, el('tr', {}, el('th', { text: T('target') }), el('th', { text: T('source') }))));
  const body = el('tbody');
  for (const target of job.targets || []) {
    const select = el('select', { name: target.name, 'data-target': target.name });
    select.append(el('option', { value: '', text: T('none') }));
    for (const c of columns) select.append(el('option', { value: c, text: c, selected: job.mapping[target.name] === c }));
    const label = el('td', { text: target.label });
    if (target.required) label.append(el('span', { class: 'imports-required', text: T('required') }));
    body.append(el('tr', {}, label, el('td', {}, select)));
  }
  table.append(body);
  form.append(table);
  form.onchange = () => remap(job.id);
}

function reportTable(job) {
  const box = $('imports-report');
  box.replaceChildren();
  const report = job.report || {};
  const problems = [...(report.mapping_errors || []), ...(report.errors || [])];
  const summary = el('p', { class: report.ok ? 'is-ok' : 'is-bad', 'data-testid': 'report-summary' });
  summary.textContent = report.ok ? `${T('ok')} (${report.rows} ${T('rows')})`
    : `${(report.error_count || 0) + (report.mapping_errors || []).length} ${T('problems')} · ${report.rows} ${T('rows')}`;
  box.append(summary);
  if (!problems.length) return;
  const table = el('table', {}, el('thead', {}, el('tr', {}, el('th', { text: T('row') }), el('th', { text: T('line') }),
    el('th', { text: T('field') }), el('th', { text: T('problem') }))));
  const body = el('tbody');
  for (const p of problems.slice(0, 200)) {
    body.append(el('tr', { 'data-row': p.row ?? '' }, el('td', { text: p.row ?? '' }), el('td', { text: p.line ?? '' }),
      el('td', { text: p.field }), el('td', { text: p.message })));
  }
  table.append(body);
  box.append(table);
}

function zonalTable(job) {
  const box = $('imports-zonal');
  const rows = (job.report && job.report.zonal) || [];
  box.hidden = false;
  $('imports-body').hidden = true;
  const table = el('table', { class: 'desk-table', 'data-testid': 'zonal' }, el('thead', {}, el('tr', {},
    ...['street', 'cells', 'min', 'mean', 'max', 'above'].map((k) => el('th', { text: T(k) })))));
  const body = el('tbody');
  for (const r of rows) {
    body.append(el('tr', {}, ...[r.name, r.cells, r.min, r.mean, r.max, r.area_above_m2].map((v) => el('td', { text: v }))));
  }
  table.append(body);
  box.replaceChildren(el('h2', { class: 'desk-subheading', text: `${job.file_name} · ≥ ${job.report.threshold}` }), table);
}

function progress(job) {
  const box = $('imports-progress-box');
  const bar = $('imports-progress');
  const text = $('imports-progress-text');
  const running = !['previewed'].includes(job.state);
  box.hidden = !running;
  bar.value = job.progress || 0;
  text.textContent = job.state === 'failed' ? `${T('failed')}: ${job.error}`
    : `${job.state_label} · ${Math.round(job.progress || 0)} % · ${job.loaded}/${job.rows} ${T('loaded')}`;
  box.dataset.state = job.state;
  $('imports-cancel').hidden = !(job.allowed || []).some((a) => a.name === 'cancel');
  $('imports-commit').disabled = !(job.state === 'previewed' && job.report && job.report.ok);
  exposeForTests({ importState: job.state, importProgress: job.progress });
}

function render(job) {
  current = job;
  showError('');
  if (job.kind === 'raster') {
    zonalTable(job);
    return;
  }
  $('imports-zonal').hidden = true;
  $('imports-body').hidden = false;
  $('imports-title').textContent = `${job.file_name} → ${job.layer_title}`;
  if (job.report && job.report.preview) {
    mappingForm(job);
    reportTable(job);
    showPreview(job).catch((err) => console.warn('imports preview:', err));
  }
  progress(job);
}

async function upload(event) {
  event.preventDefault();
  const form = $('imports-upload');
  const data = new FormData(form);
  $('imports-send').disabled = true;
  try {
    const response = await fetch('/api/imports/', {
      method: 'POST', body: data, credentials: 'same-origin',
      headers: { 'X-CSRFToken': csrfToken(), Accept: 'application/json' },
    });
    const body = await response.json();
    if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { body });
    render(body);
  } catch (err) {
    showError(errorText(err));
  } finally {
    $('imports-send').disabled = false;
  }
}

async function remap(id) {
  const mapping = {};
  for (const select of $('imports-mapping').querySelectorAll('select')) if (select.value) mapping[select.dataset.target] = select.value;
  try {
    const { data } = await request('POST', `/api/imports/${id}/mapping/`, { body: { mapping, source_crs: $('imports-crs').value } });
    render(data);
  } catch (err) {
    showError(errorText(err));
  }
}

async function poll(id) {
  clearTimeout(polling);
  try {
    const { data } = await request('GET', `/api/imports/${id}/?preview=0`);
    progress(data);
    if (ENDED.includes(data.state)) return;
  } catch (err) {
    showError(errorText(err));
  }
  polling = setTimeout(() => poll(id), 500);
}

async function commit() {
  if (!current) return;
  $('imports-commit').disabled = true;
  try {
    const { data } = await request('POST', `/api/imports/${current.id}/commit/`);
    progress(data);
    poll(current.id);
  } catch (err) {
    showError(errorText(err));
    $('imports-commit').disabled = false;
  }
}

async function cancel() {
  if (!current) return;
  try {
    const { data } = await request('POST', `/api/imports/${current.id}/cancel/`, { body: {} });
    progress(data);
  } catch (err) {
    showError(errorText(err));
  }
}

if (root) {
  $('imports-upload').addEventListener('submit', upload);
  $('imports-commit').addEventListener('click', commit);
  $('imports-cancel').addEventListener('click', cancel);
  exposeForTests({ importsReady: true });
}
