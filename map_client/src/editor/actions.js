// Actions: the only code that changes data. Each goes through the API (the server is the source
// of truth and records who and when) and returns a history record built from what it sent back.
import { api } from '../core/api.js';

/** The geometry as the layer stores it (a drawn Polygon goes to a MultiPolygon layer as such). */
export function toLayerGeometry(layer, geometry) {
  if (!geometry) return geometry;
  if (layer.geometry_type === 'MultiPolygon' && geometry.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [geometry.coordinates] };
  if (layer.geometry_type === 'MultiPoint' && geometry.type === 'Point') return { type: 'MultiPoint', coordinates: [geometry.coordinates] };
  return geometry;
}

/** The geometry as terra-draw edits it (single parts only). */
export function toDrawGeometry(geometry) {
  if (!geometry) return null;
  if (geometry.type === 'MultiPolygon' && geometry.coordinates.length === 1) return { type: 'Polygon', coordinates: geometry.coordinates[0] };
  if (geometry.type === 'MultiPoint' && geometry.coordinates.length === 1) return { type: 'Point', coordinates: geometry.coordinates[0] };
  return geometry;
}

/** Only the properties the form knows and may send (workflow-owned ones are read-only). */
export function writableProperties(schema, properties) {
  const names = new Set(schema.fields.filter((f) => !f.readOnly).map((f) => f.name));
  return Object.fromEntries(Object.entries(properties || {}).filter(([k]) => names.has(k)));
}

/** The server's version (ETag) of each feature we have seen, for If-Match on writes. */
export class Versions extends Map {
  remember(id, etag) {
    if (id != null && etag) this.set(String(id), etag);
    return etag;
  }

  of(id) {
    return this.get(String(id)) || null;
  }
}

export async function loadFeature(layer, id, versions) {
  const { data, etag } = await api.feature(layer.id, id);
  versions.remember(data.id, etag);
  return data;
}

export async function createFeature(layer, schema, versions, geometry, properties) {
  const body = { type: 'Feature', geometry: toLayerGeometry(layer, geometry), properties: writableProperties(schema, properties) };
  const { data, etag } = await api.createFeature(layer.id, body);
  versions.remember(data.id, etag);
  return { kind: 'create', layerId: layer.id, before: null, after: data };
}

export async function updateFeature(layer, schema, versions, before, { geometry, properties }) {
  const body = { type: 'Feature', properties: writableProperties(schema, properties || {}) };
  if (geometry) body.geometry = toLayerGeometry(layer, geometry);
  const { data, etag } = await api.patchFeature(layer.id, before.id, body, versions.of(before.id));
  versions.remember(data.id, etag);
  return { kind: 'update', layerId: layer.id, before, after: data };
}

export async function deleteFeature(layer, versions, before) {
  await api.deleteFeature(layer.id, before.id, versions.of(before.id));
  versions.delete(String(before.id));
  return { kind: 'delete', layerId: layer.id, before, after: null };
}

/**
 * Runs an undo/redo step (history.js inverse/replay). Returns `{feature, recreatedFrom}`: the
 * feature as the server now has it (null if deleted), and the old id if it was re-created.
 */
export async function runStep(layer, schema, versions, step) {
  if (step.kind === 'delete') {
    await api.deleteFeature(layer.id, step.id, versions.of(step.id));
    versions.delete(String(step.id));
    return { feature: null };
  }
  const f = step.feature;
  const body = { type: 'Feature', geometry: f.geometry, properties: writableProperties(schema, f.properties) };
  if (step.kind === 'create') {
    const { data, etag } = await api.createFeature(layer.id, body);
    versions.remember(data.id, etag);
    return { feature: data, recreatedFrom: f.id };
  }
  const { data, etag } = await api.patchFeature(layer.id, step.id, body, versions.of(step.id));
  versions.remember(data.id, etag);
  return { feature: data };
}
