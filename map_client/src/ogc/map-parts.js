// Pure parts of the /ogc pages' map (tested with Vitest).

/** The page's own query as GeoJSON: same filters, paging and limit, `f=json`. */
export function geojsonUrl(location, itemsPath) {
  const params = new URLSearchParams(location.search);
  params.set('f', 'json');
  params.delete('lang');
  return `${itemsPath}?${params.toString()}`;
}

export function bboxPolygon([minx, miny, maxx, maxy]) {
  return {
    type: 'Feature',
    properties: { extent: true },
    geometry: { type: 'Polygon', coordinates: [[[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]] },
  };
}

export function streetsLayers() {
  return [
    { id: 'streets-fill', type: 'fill', source: 'streets', paint: { 'fill-color': '#12233a', 'fill-opacity': 0.9 } },
    { id: 'streets-line', type: 'line', source: 'streets', paint: { 'line-color': '#4a6a90', 'line-width': 1 } },
  ];
}

export function overlayLayers() {
  const polygon = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
  const line = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false];
  const point = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];
  return [
    { id: 'overlay-fill', type: 'fill', source: 'overlay', filter: ['all', polygon, ['!', ['has', 'extent']]], paint: { 'fill-color': '#ffb020', 'fill-opacity': 0.25 } },
    { id: 'overlay-extent', type: 'line', source: 'overlay', filter: ['has', 'extent'], paint: { 'line-color': '#7fd3ff', 'line-width': 2, 'line-dasharray': [3, 2] } },
    { id: 'overlay-outline', type: 'line', source: 'overlay', filter: ['all', polygon, ['!', ['has', 'extent']]], paint: { 'line-color': '#ffb020', 'line-width': 2 } },
    { id: 'overlay-line', type: 'line', source: 'overlay', filter: line, paint: { 'line-color': '#ffb020', 'line-width': 3 } },
    { id: 'overlay-point', type: 'circle', source: 'overlay', filter: point,
      paint: { 'circle-radius': 6, 'circle-color': '#ffb020', 'circle-stroke-color': '#1b1b1b', 'circle-stroke-width': 1.5 } },
  ];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options'];

/** `[{method, path, summary}]` of an OpenAPI document, in the document's order. */
export function operationRows(doc) {
  const rows = [];
  for (const [path, item] of Object.entries((doc && doc.paths) || {})) {
    for (const method of METHODS) {
      if (item[method]) rows.push({ method: method.toUpperCase(), path, summary: item[method].summary || item[method].description || '' });
    }
  }
  return rows;
}
