// One label point per polygon feature (its pole of inaccessibility), from the layer's OGC items.
// Vector tiles cut polygons at tile edges and MapLibre would label every piece.
import polylabel from 'polylabel';
import { request } from '../core/api.js';
import { lang } from '../core/i18n.js';
import { labelSourceId } from './layers.js';

function largestPolygon(geometry) {
  if (!geometry) return null;
  if (geometry.type === 'Polygon') return geometry.coordinates;
  if (geometry.type !== 'MultiPolygon') return null;
  let best = null;
  let bestArea = -1;
  for (const polygon of geometry.coordinates) {
    const ring = polygon[0];
    let area = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      area += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
    }
    if (Math.abs(area) > bestArea) {
      bestArea = Math.abs(area);
      best = polygon;
    }
  }
  return best;
}

/** GeoJSON polygons -> label points carrying the same id and properties. */
export function labelPoints(featureCollection) {
  const features = [];
  for (const f of featureCollection.features || []) {
    const polygon = largestPolygon(f.geometry);
    if (!polygon) continue;
    const p = polylabel(polygon, 0.00005);
    features.push({ type: 'Feature', id: f.id, properties: { ...f.properties, id: f.id }, geometry: { type: 'Point', coordinates: [p[0], p[1]] } });
  }
  return { type: 'FeatureCollection', features };
}

/** [[west, south], [east, north]] of a FeatureCollection, or null. */
export function extentOf(featureCollection) {
  let w = Infinity; let s = Infinity; let e = -Infinity; let n = -Infinity;
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]);
    } else c.forEach(walk);
  };
  for (const f of featureCollection.features || []) if (f.geometry) walk(f.geometry.coordinates);
  return Number.isFinite(w) ? [[w, s], [e, n]] : null;
}

/** Fetches label points for the polygon layers that have labels (before the map has loaded). */
export function fetchPolygonLabels(style, layers, only = null) {
  const wanted = layers.filter((l) => style.sources[labelSourceId(l.id)] && (!only || only.has(l.id)));
  return Promise.all(wanted.map(async (layer) => {
    try {
      // pygeoapi answers 500 to `Accept-Language: zh-hans` (KeyError on the Hans script), so OGC
      // requests name the language as zh-CN.
      const { data } = await request('GET', `/ogc/collections/${encodeURIComponent(layer.id)}/items?f=json&limit=1000`,
        { headers: { 'Accept-Language': lang() === 'en' ? 'en' : 'zh-CN' } });
      return [layer.id, labelPoints(data), extentOf(data)];
    } catch (err) {
      console.warn(`labels of ${layer.id}:`, err);
      return [layer.id, null, null];
    }
  }));
}

/** Puts fetched label points into their sources. */
export function applyPolygonLabels(map, fetched) {
  for (const [layerId, points] of fetched) {
    const source = map.getSource(labelSourceId(layerId));
    if (source && points) source.setData(points);
  }
}

/** Fills (or refreshes) the label sources of every polygon layer that has one. */
export async function loadPolygonLabels(map, layers, only = null) {
  applyPolygonLabels(map, await fetchPolygonLabels(map.getStyle(), layers, only));
}
