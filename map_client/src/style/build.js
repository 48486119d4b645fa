// The whole map style, built in code from /api/layers/ (registry + styles/) and the basemap setting.
import { basemapLayers, basemapSources } from './basemap.js';
import { labelSource, labelSourceId, layerSpecs, stackRank, vectorSource } from './layers.js';

/**
 * @param layers - the `layers` array of /api/layers/
 * @param options.origin - this page's origin, for tile URLs
 * @param options.basemap - the base-map choice from the page config (style/basemap.js) or null
 * @param options.hidden - ids of registry layers to start hidden
 */
export function buildStyle(layers, { origin = '', basemap = null, hidden = [], warn = () => {} } = {}) {
  const sources = { ...basemapSources(basemap, origin) };
  const ranked = [];
  for (const layer of layers) {
    const specs = layerSpecs(layer, { warn });
    if (!specs.length || !layer.links || !layer.links.tiles) continue;
    sources[layer.id] = vectorSource(layer, origin);
    if (specs.some((s) => s.source === labelSourceId(layer.id))) sources[labelSourceId(layer.id)] = labelSource();
    specs.forEach((spec, i) => {
      if (hidden.includes(layer.id)) spec.layout = { ...spec.layout, visibility: 'none' };
      ranked.push({ spec, rank: stackRank(spec, layer), order: ranked.length + i });
    });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return {
    version: 8,
    name: 'onemap',
    sources,
    layers: [...basemapLayers(basemap, origin), ...ranked.map((r) => r.spec)],
  };
}
