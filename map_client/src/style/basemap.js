// The basemap is our own data: a dark background under the districts layer (streets and towns,
// their boundaries and names). An XYZ/WMTS raster basemap (e.g. Tianditu with a key) is optional,
// off unless the server passes its URL in the page config.

export const BACKGROUND = '#07101c';

/** `url` may be one template or several separated by commas or spaces (subdomains). */
export function basemapSources(basemap) {
  if (!basemap || !basemap.url) return {};
  const tiles = String(basemap.url).split(/[\s,]+/).filter(Boolean);
  if (!tiles.length) return {};
  return {
    basemap: {
      type: 'raster',
      tiles,
      tileSize: basemap.tileSize || 256,
      maxzoom: basemap.maxzoom || 18,
      attribution: basemap.attribution || '',
    },
  };
}

export function basemapLayers(basemap) {
  const layers = [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }];
  if (basemap && basemap.url) {
    layers.push({
      id: 'basemap',
      type: 'raster',
      source: 'basemap',
      paint: { 'raster-opacity': basemap.opacity ?? 0.6, 'raster-saturation': -0.6, 'raster-brightness-max': 0.6 },
    });
  }
  return layers;
}
