// The map on the /ogc HTML pages (ogc/templates): the items of the page, the item, or the
// collection's extent, drawn over the district's streets from our own public layer — no web tiles,
// so the pages work where there is no internet. The element says what to draw:
// data-items (the page's items, fetched as GeoJSON with the page's own query), data-item (one
// feature), data-bbox (an extent), data-tiles (the collection's vector tiles).
import './pages.css';
import { createMap } from '../core/map.js';
import { exposeForTests } from '../core/test-hook.js';
import { BACKGROUND } from '../style/basemap.js';
import { bboxPolygon, geojsonUrl, operationRows, overlayLayers, streetsLayers } from './map-parts.js';

const STREETS = '/ogc/collections/districts/items?f=json&limit=100';
const SAMPLE = 500;

async function json(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json, application/json' } });
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response.json();
}

function boundsOf(geojson) {
  let box = null;
  const visit = (c) => {
    if (typeof c[0] === 'number') {
      box = box ? [Math.min(box[0], c[0]), Math.min(box[1], c[1]), Math.max(box[2], c[0]), Math.max(box[3], c[1])] : [c[0], c[1], c[0], c[1]];
    } else c.forEach(visit);
  };
  (geojson.features || [geojson]).forEach((f) => f && f.geometry && visit(f.geometry.coordinates));
  return box;
}

async function overlayFor(el) {
  const { items, item, bbox, sample } = el.dataset;
  if (items !== undefined) return json(geojsonUrl(window.location, items));
  if (item) return json(`${item}?f=json`);
  if (bbox) {
    // The collection page: its extent, and a sample of its items inside it.
    const some = sample ? await json(`${sample}?f=json&limit=${SAMPLE}`).catch(() => ({ features: [] })) : { features: [] };
    return { type: 'FeatureCollection', features: [bboxPolygon(bbox.split(',').map(Number)), ...some.features] };
  }
  return { type: 'FeatureCollection', features: [] };
}

async function draw(el) {
  const [streets, overlay] = await Promise.all([json(STREETS).catch(() => null), overlayFor(el)]);
  const style = {
    version: 8,
    sources: {
      streets: { type: 'geojson', data: streets || { type: 'FeatureCollection', features: [] } },
      overlay: { type: 'geojson', data: overlay },
    },
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }, ...streetsLayers(), ...overlayLayers()],
  };
  if (el.dataset.tiles) {
    style.sources.tiles = { type: 'vector', tiles: [`${window.location.origin}${el.dataset.tiles}/tiles/WebMercatorQuad/{z}/{y}/{x}?f=mvt`], maxzoom: 16 };
    style.layers.push({ id: 'tiles-point', type: 'circle', source: 'tiles', 'source-layer': el.dataset.tiles.split('/').pop(), filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#ffb020' } });
    style.layers.push({ id: 'tiles-line', type: 'line', source: 'tiles', 'source-layer': el.dataset.tiles.split('/').pop(), paint: { 'line-color': '#ffb020', 'line-width': 1.5 } });
  }
  const map = createMap(el, style, {});
  const box = boundsOf(overlay);
  if (box) {
    const pad = box[0] === box[2] && box[1] === box[3] ? 0.004 : 0;
    map.fitBounds([[box[0] - pad, box[1] - pad], [box[2] + pad, box[3] + pad]], { padding: 30, duration: 0, maxZoom: 17 });
  }
  exposeForTests({ ogcOverlay: overlay, ogcFeatures: (overlay.features || [overlay]).length });
}

const el = document.getElementById('items-map');
if (el) {
  draw(el).catch((err) => {
    el.classList.add('ogc-map-failed');
    el.textContent = `地图未能加载 / The map could not be drawn: ${err.message}`;
  });
}

// The OpenAPI page: the operations of the document, one row each (Swagger UI would need a CDN).
const operations = document.getElementById('openapi-operations');
if (operations) {
  json(operations.dataset.doc).then((doc) => {
    const body = operations.querySelector('tbody');
    for (const row of operationRows(doc)) {
      const tr = document.createElement('tr');
      for (const text of [row.method, row.path, row.summary]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }).catch((err) => { operations.insertAdjacentText('afterend', `${err.message}`); });
}
