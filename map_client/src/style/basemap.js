// Base maps. Without one the map is our own data: a dark background under the districts layer
// (streets and their names). The server may configure base maps (geo_api/settings/basemaps.py),
// each a list of layers drawn under ours:
//   {kind: 'raster', tiles: [url…], tileSize, maxzoom}      — 天地图 WMTS, any XYZ/WMTS template
//   {kind: 'pmtiles', url: '/basemap/x.pmtiles', tileType: 'png'|'mvt'|…, minzoom, maxzoom,
//    bounds, vectorLayers}                                    — an archive on this server, read
//                                                             through the pmtiles protocol
// Every source and layer made here carries the `onemap:basemap` mark, so a switch removes exactly
// what the previous choice added.

export const BACKGROUND = '#07101c';
export const BASEMAP_PREFIX = 'basemap';
const MARK = 'onemap:basemap';

const idOf = (i, suffix = '') => `${BASEMAP_PREFIX}-${i}${suffix}`;

/** pmtiles://<absolute archive URL>, as the pmtiles protocol expects. */
export function pmtilesUrl(url, origin = '') {
  const absolute = /^[a-z]+:\/\//i.test(url) ? url : `${origin.replace(/\/$/, '')}${url}`;
  return `pmtiles://${absolute}`;
}

/** Raster tiles are dimmed so our layers stay readable on the dark wall. */
const RASTER_PAINT = { 'raster-opacity': 0.75, 'raster-saturation': -0.5, 'raster-brightness-max': 0.7 };

function sourceOf(layer, origin, attribution) {
  if (layer.kind === 'pmtiles') {
    const source = {
      type: layer.tileType === 'mvt' ? 'vector' : 'raster',
      url: pmtilesUrl(layer.url, origin),
      attribution: attribution || '',
    };
    if (source.type === 'raster') source.tileSize = 256;
    return source;
  }
  return {
    type: 'raster',
    tiles: layer.tiles || [],
    tileSize: layer.tileSize || 256,
    maxzoom: layer.maxzoom || 18,
    attribution: attribution || '',
  };
}

/** A plain style for a vector archive we know nothing about: areas faint, lines thin, no labels
 * (our districts layer names the streets). */
function vectorLayerSpecs(sourceId, names) {
  const meta = { [MARK]: true };
  return names.flatMap((name, i) => [
    { id: `${sourceId}-${i}-fill`, type: 'fill', source: sourceId, 'source-layer': name, metadata: meta,
      filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#12263d', 'fill-opacity': 0.6 } },
    { id: `${sourceId}-${i}-line`, type: 'line', source: sourceId, 'source-layer': name, metadata: meta,
      filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#2c4a6b', 'line-width': 1 } },
  ]);
}

/** `{sources, layers}` of one base-map choice (null: none). */
export function basemapParts(choice, origin = '') {
  const sources = {};
  const layers = [];
  if (!choice || !Array.isArray(choice.layers)) return { sources, layers };
  choice.layers.forEach((layer, i) => {
    const id = idOf(i);
    const source = sourceOf(layer, origin, i === 0 ? choice.attribution : '');
    if (source.type === 'raster' && !source.url && !source.tiles.length) return;
    sources[id] = source;
    if (source.type === 'vector') layers.push(...vectorLayerSpecs(id, layer.vectorLayers || []));
    else layers.push({ id, type: 'raster', source: id, metadata: { [MARK]: true, 'onemap:basemap-id': choice.id }, paint: { ...RASTER_PAINT } });
  });
  return { sources, layers };
}

export function basemapSources(choice, origin = '') {
  return basemapParts(choice, origin).sources;
}

/** The background, then the base map's layers (bottom of the stack). */
export function basemapLayers(choice, origin = '') {
  return [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }, ...basemapParts(choice, origin).layers];
}

export const isBasemapLayer = (layer) => !!(layer && layer.metadata && layer.metadata[MARK]);

/**
 * Replaces whatever base map the map shows with `choice` (null: none), under every other layer.
 * Returns the ids of the layers added.
 */
export function applyBasemap(map, choice, origin = '') {
  const style = map.getStyle();
  for (const layer of style.layers.filter(isBasemapLayer)) map.removeLayer(layer.id);
  for (const id of Object.keys(style.sources)) if (id.startsWith(`${BASEMAP_PREFIX}-`)) map.removeSource(id);
  const { sources, layers } = basemapParts(choice, origin);
  for (const [id, source] of Object.entries(sources)) map.addSource(id, source);
  const above = map.getStyle().layers.find((l) => l.id !== 'background');
  for (const layer of layers) map.addLayer(layer, above ? above.id : undefined);
  return layers.map((l) => l.id);
}
