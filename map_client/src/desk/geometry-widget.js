// The admin's geometry widget (geo_api/reference/map_widget.py): a map drawn from our own vector
// tiles (the districts layer, styled as on the wall) where staff place a point or draw an outline
// with terra-draw. The geometry lives as GeoJSON in the widget's hidden input; the server parses
// and checks it when the form is saved.
import { api } from '../core/api.js';
import { CHANGNING_BOUNDS, createMap } from '../core/map.js';
import { Drawing } from '../editor/draw.js';
import { buildStyle } from '../style/build.js';
import { applyPolygonLabels, extentOf, fetchPolygonLabels } from '../style/polygon-labels.js';
import './geometry-widget.css';

const BASE_LAYERS = ['districts'];
const OTHER_PARTS = 'geometry-widget-other-parts';

function readInput(input) {
  try {
    const value = JSON.parse(input.value || 'null');
    return value && value.type && value.coordinates ? value : null;
  } catch {
    return null; // text the server already rejected: its error is shown next to the field
  }
}

/** terra-draw edits one Point or Polygon; a multi geometry is edited through its first part. */
export function splitForDrawing(geometry) {
  if (!geometry) return { part: null, rest: [] };
  if (geometry.type === 'MultiPolygon') {
    const [first, ...rest] = geometry.coordinates;
    return { part: first ? { type: 'Polygon', coordinates: first } : null, rest };
  }
  if (geometry.type === 'MultiPoint') {
    const [first, ...rest] = geometry.coordinates;
    return { part: first ? { type: 'Point', coordinates: first } : null, rest };
  }
  return { part: geometry, rest: [] };
}

/** The drawn part back into the field's type (rest = the parts not being edited). */
export function joinForField(part, rest, geomType) {
  if (!part) return null;
  if (geomType === 'MULTIPOLYGON') return { type: 'MultiPolygon', coordinates: [part.coordinates, ...rest] };
  if (geomType === 'MULTIPOINT') return { type: 'MultiPoint', coordinates: [part.coordinates, ...rest] };
  return part;
}

function showOtherParts(map, rest, geomType) {
  if (!rest.length) return;
  const type = geomType === 'MULTIPOINT' ? 'MultiPoint' : 'MultiPolygon';
  map.addSource(OTHER_PARTS, { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: { type, coordinates: rest } } });
  if (type === 'MultiPolygon') {
    map.addLayer({ id: `${OTHER_PARTS}-fill`, type: 'fill', source: OTHER_PARTS, paint: { 'fill-color': '#00e5ff', 'fill-opacity': 0.15 } });
    map.addLayer({ id: `${OTHER_PARTS}-line`, type: 'line', source: OTHER_PARTS, paint: { 'line-color': '#00e5ff', 'line-width': 1.5, 'line-dasharray': [2, 2] } });
  } else {
    map.addLayer({ id: `${OTHER_PARTS}-point`, type: 'circle', source: OTHER_PARTS, paint: { 'circle-color': '#00e5ff', 'circle-radius': 5 } });
  }
}

async function mount(root) {
  const input = document.getElementById(root.dataset.input);
  const geomType = (root.dataset.geomType || 'GEOMETRY').toUpperCase();
  const container = root.querySelector('.geometry-widget-map');
  if (!input || !container) return;
  const initial = readInput(input);
  const { part, rest } = splitForDrawing(initial);

  let layers = [];
  try {
    layers = (await api.layers()).layers.filter((l) => BASE_LAYERS.includes(l.id));
  } catch (err) {
    console.warn('geometry widget: /api/layers/', err); // the map still works, without districts
  }
  const style = buildStyle(layers, { origin: window.location.origin });
  const labels = fetchPolygonLabels(style, layers);
  const extent = part ? extentOf({ features: [{ geometry: initial }] }) : null;

  const write = (geometry) => {
    const value = joinForField(geometry, rest, geomType);
    input.value = value ? JSON.stringify(value) : '';
    root.dataset.state = value ? 'drawn' : 'empty';
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };

  createMap(container, style, {
    doubleClickZoom: false,
    bounds: extent || CHANGNING_BOUNDS,
    // A point is shown with its streets around it, not at the deepest zoom.
    fitBoundsOptions: { padding: 60, maxZoom: 14 },
    onLoad: async (map) => {
      applyPolygonLabels(map, await labels);
      showOtherParts(map, rest, geomType);
      const drawing = new Drawing(map, {
        onFinish: (id, context, geometry) => {
          if (context.action === 'draw') drawing.adjust(id);
          write(drawing.geometry(id) || geometry);
        },
      });
      if (part) drawing.edit(part);
      root.dataset.state = part ? 'drawn' : 'empty';
      root.querySelectorAll('[data-draw]').forEach((button) => {
        button.addEventListener('click', () => {
          const kind = button.dataset.draw;
          if (kind === 'clear') {
            drawing.clear();
            write(null);
          } else {
            drawing.start(kind);
            root.dataset.state = 'drawing';
          }
        });
      });
      root.dataset.ready = 'true';
    },
  });
}

document.querySelectorAll('.geometry-widget').forEach((root) => {
  mount(root).catch((err) => console.warn('geometry widget:', err));
});
