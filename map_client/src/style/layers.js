// One registry layer (an entry of /api/layers/) -> its MapLibre source and layer specs.
// The registry style (styles/<id>.json, sent in `style`) gives the look; this module adds what
// only the client knows: ids, the source, zoom range, fonts, labels and hover/selection state.
import { latest } from '@maplibre/maplibre-gl-style-spec';
import { groupRank } from './groups.js';

export const LABEL_FONT = ['Noto Sans CJK SC Regular'];
export const LOCAL_FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
const MAX_SOURCE_ZOOM = 16;
const POLYGON_TYPES = new Set(['Polygon', 'MultiPolygon']);
const LINE_TYPES = new Set(['LineString', 'MultiLineString']);

export const styleLayerId = (layerId, i) => `${layerId}--${i}`;
export const labelSourceId = (layerId) => `${layerId}--labels`;
/** Polygon labels are placed from one point per polygon (see polygon-labels.js), so a polygon
 * split over many tiles is labelled once. */
export const labelLayerId = (layerId) => `${layerId}--label`;

/** The layer's tile URL template, on this page's origin so the session cookie goes with it. */
export function tileUrl(layer, origin, version) {
  const template = layer.links && layer.links.tiles;
  if (!template) return null;
  const path = template.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const base = origin ? `${origin.replace(/\/$/, '')}${path}` : template;
  return version ? `${base}${base.includes('?') ? '&' : '?'}v=${version}` : base;
}

export function vectorSource(layer, origin, version) {
  const source = { type: 'vector', tiles: [tileUrl(layer, origin, version)] };
  if (Number.isFinite(layer.minzoom)) source.minzoom = layer.minzoom;
  source.maxzoom = Math.min(Number.isFinite(layer.maxzoom) ? layer.maxzoom : MAX_SOURCE_ZOOM, MAX_SOURCE_ZOOM);
  return source;
}

/** The source polygon labels are placed from: label points, filled in after the map loads. */
export function labelSource() {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

/**
 * Keeps only properties the style spec knows for this layer type. A registry style written for
 * another type (`symbol-sort-key` on a circle layer) is translated where there is an equivalent.
 * Returns [cleanedBlock, problems].
 */
export function cleanBlock(type, kind, block) {
  const known = latest[`${kind}_${type}`] || {};
  const out = {};
  const problems = [];
  for (const [key, value] of Object.entries(block || {})) {
    if (key in known) {
      out[key] = value;
      continue;
    }
    const translated = key.replace(/^(symbol|circle|fill|line)-sort-key$/, `${type}-sort-key`);
    if (translated !== key && translated in known && !(translated in (block || {}))) {
      out[translated] = value;
      problems.push(`${kind} "${key}" is not a ${type} property; used "${translated}"`);
    } else {
      problems.push(`${kind} "${key}" is not a ${type} property; dropped`);
    }
  }
  return [out, problems];
}

const stateCase = (selected, hover, normal) => [
  'case',
  ['boolean', ['feature-state', 'selected'], false], selected,
  ['boolean', ['feature-state', 'hover'], false], hover,
  normal,
];

/** Paint that reacts to feature-state hover/selected (paint properties only, as the spec requires). */
export function withInteraction(type, paint) {
  const p = { ...paint };
  if (type === 'circle') {
    const width = p['circle-stroke-width'] ?? 1;
    const colour = p['circle-stroke-color'] ?? '#ffffff';
    p['circle-stroke-width'] = stateCase(4, 3, width);
    p['circle-stroke-color'] = stateCase('#00e5ff', '#ffffff', colour);
  } else if (type === 'fill') {
    const opacity = p['fill-opacity'] ?? 1;
    if (typeof opacity === 'number') p['fill-opacity'] = stateCase(Math.min(1, opacity + 0.3), Math.min(1, opacity + 0.15), opacity);
  } else if (type === 'line') {
    const width = p['line-width'] ?? 1;
    if (typeof width === 'number') p['line-width'] = stateCase(width + 3, width + 1.5, width);
  }
  return p;
}

function zoomRange(spec, layer) {
  if (Number.isFinite(layer.minzoom) && layer.minzoom > 0) spec.minzoom = Math.max(spec.minzoom ?? 0, layer.minzoom);
  if (Number.isFinite(layer.maxzoom) && layer.maxzoom < 22) spec.maxzoom = Math.min(spec.maxzoom ?? 24, layer.maxzoom + 1);
  return spec;
}

function textDefaults(layout) {
  return { 'text-font': LABEL_FONT, ...layout };
}

/** A label layer for point layers that name their features (events sort above everything). */
export function labelSpec(layer) {
  if (!layer.title_property || POLYGON_TYPES.has(layer.geometry_type) || LINE_TYPES.has(layer.geometry_type)) return null;
  const isEvent = layer.group === 'events';
  return zoomRange({
    id: labelLayerId(layer.id),
    type: 'symbol',
    source: layer.id,
    'source-layer': layer.id,
    minzoom: isEvent ? 13 : 15,
    metadata: { 'onemap:layer': layer.id, 'onemap:group': layer.group, 'onemap:label': true },
    layout: {
      'text-field': ['to-string', ['get', layer.title_property]],
      'text-font': LABEL_FONT,
      'text-size': isEvent ? 14 : 12,
      'text-offset': [0, 1.1],
      'text-anchor': 'top',
      'text-optional': true,
      'text-allow-overlap': false,
      'symbol-sort-key': isEvent ? 0 : 10,
    },
    paint: {
      'text-color': isEvent ? '#ffe08a' : '#d6e6f5',
      'text-halo-color': '#08111c',
      'text-halo-width': 1.5,
    },
  }, layer);
}

/** The MapLibre layer specs of one registry layer, in registry order, plus a label layer. */
export function layerSpecs(layer, { warn = () => {} } = {}) {
  const entries = (layer.style && layer.style.layers) || [];
  const specs = entries.map((entry, i) => {
    const type = entry.type;
    const [layout, layoutProblems] = cleanBlock(type, 'layout', entry.layout);
    const [paint, paintProblems] = cleanBlock(type, 'paint', entry.paint);
    for (const p of [...layoutProblems, ...paintProblems]) warn(`${layer.id}: ${p}`);
    const polygonLabel = type === 'symbol' && POLYGON_TYPES.has(layer.geometry_type);
    const spec = {
      id: styleLayerId(layer.id, i),
      type,
      source: polygonLabel ? labelSourceId(layer.id) : layer.id,
      ...(polygonLabel ? {} : { 'source-layer': layer.id }),
      metadata: { 'onemap:layer': layer.id, 'onemap:group': layer.group },
      layout: type === 'symbol' ? textDefaults(layout) : layout,
      paint: type === 'symbol' ? paint : withInteraction(type, paint),
    };
    if (entry.filter) spec.filter = entry.filter;
    if (Number.isFinite(entry.minzoom)) spec.minzoom = entry.minzoom;
    if (Number.isFinite(entry.maxzoom)) spec.maxzoom = entry.maxzoom;
    return zoomRange(spec, layer);
  });
  const label = labelSpec(layer);
  if (label && !specs.some((s) => s.type === 'symbol')) specs.push(label);
  return specs;
}

/**
 * Stacking order, bottom to top: polygons (by group), then lines, then the base labels, then
 * points by group (events last), then point labels.
 */
export function stackRank(spec, layer) {
  const g = groupRank(layer.group);
  const isLabel = spec.type === 'symbol';
  if (POLYGON_TYPES.has(layer.geometry_type)) return (isLabel ? 3000 : 1000) + g * 10;
  if (LINE_TYPES.has(layer.geometry_type)) return (isLabel ? 3000 : 2000) + g * 10;
  return (isLabel ? 5000 : 4000) + g * 10;
}

/** The map layer ids a registry layer owns: what the layer panel toggles. */
export function mapLayerIdsOf(style, layerId) {
  return style.layers.filter((l) => l.metadata && l.metadata['onemap:layer'] === layerId).map((l) => l.id);
}
