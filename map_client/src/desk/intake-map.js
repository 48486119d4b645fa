// The intake form's small map (/duty/intake/): streets and the events already on the map, drawn
// from our own tiles as on the wall. A click, or a pick from the place search, sets the location
// fields (WGS84) and asks the server for possible duplicates; coordinates typed by hand move the
// marker. The server checks everything again when the form is sent.
import { api } from '../core/api.js';
import { CHANGNING_BOUNDS, createMap, maplibregl } from '../core/map.js';
import { exposeForTests } from '../core/test-hook.js';
import { buildStyle } from '../style/build.js';
import { applyPolygonLabels, fetchPolygonLabels } from '../style/polygon-labels.js';
import './intake.css';

const BASE_LAYERS = ['districts', 'events'];
const GEOGRAPHIC = ['EPSG:4326', 'EPSG:4490']; // a marker can follow typed degrees, not metres

const field = (id) => document.getElementById(id);

/** Six decimals: about 0.1 m, finer than any report's location. */
export function formatCoordinate(value) {
  return Number(value).toFixed(6);
}

/** [lon, lat] from the typed fields, or null when they are not degrees inside the map. */
export function typedPosition(lonText, latText, crs) {
  if (!GEOGRAPHIC.includes(crs)) return null;
  const lon = Number.parseFloat(lonText);
  const lat = Number.parseFloat(latText);
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  if (lon < 119.5 || lon > 123.5 || lat < 30 || lat > 32.5) return null;
  return [lon, lat];
}

function announce() {
  document.body.dispatchEvent(new CustomEvent('intake:located', { bubbles: true }));
}

async function mount(container) {
  let layers = [];
  try {
    layers = (await api.layers()).layers.filter((l) => BASE_LAYERS.includes(l.id));
  } catch (err) {
    console.warn('intake map: /api/layers/', err); // the map still takes clicks without them
  }
  const style = buildStyle(layers, { origin: window.location.origin });
  const labels = fetchPolygonLabels(style, layers);
  let marker = null;

  const place = (map, lngLat, { fly = false, title = '' } = {}) => {
    if (!marker) {
      const el = document.createElement('div');
      el.className = 'intake-marker';
      marker = new maplibregl.Marker({ element: el });
    }
    marker.setLngLat(lngLat).addTo(map);
    if (fly) map.flyTo({ center: lngLat, zoom: Math.max(map.getZoom(), 15) });
    const lon = field('id_lon');
    const lat = field('id_lat');
    const crs = field('id_crs');
    if (lon && lat) {
      lon.value = formatCoordinate(lngLat[0] ?? lngLat.lng);
      lat.value = formatCoordinate(lngLat[1] ?? lngLat.lat);
    }
    if (crs) crs.value = 'EPSG:4326';
    const address = field('id_address');
    if (title && address && !address.value) address.value = title;
    container.dataset.located = 'true';
    exposeForTests({ intakeLocation: [Number(lon?.value), Number(lat?.value)] });
    announce();
  };

  createMap(container, style, {
    bounds: CHANGNING_BOUNDS,
    doubleClickZoom: false,
    onLoad: async (map) => {
      applyPolygonLabels(map, await labels);
      map.getCanvas().style.cursor = 'crosshair';
      map.on('click', (e) => place(map, [e.lngLat.lng, e.lngLat.lat]));
      // Search results (htmx swaps them in): one listener for all of them.
      document.addEventListener('click', (e) => {
        const button = e.target.closest('.intake-place');
        if (!button) return;
        place(map, [Number(button.dataset.lon), Number(button.dataset.lat)], { fly: true, title: button.dataset.title });
      });
      // Coordinates typed by hand (the fields are re-rendered by htmx: listen on the document).
      document.addEventListener('change', (e) => {
        if (!['id_lon', 'id_lat', 'id_crs'].includes(e.target.id)) return;
        const at = typedPosition(field('id_lon')?.value, field('id_lat')?.value, field('id_crs')?.value);
        if (at) {
          if (!marker) {
            const el = document.createElement('div');
            el.className = 'intake-marker';
            marker = new maplibregl.Marker({ element: el });
          }
          marker.setLngLat(at).addTo(map);
          map.easeTo({ center: at });
        }
      });
      // A saved report clears the marker for the next call.
      document.addEventListener('htmx:afterSwap', (e) => {
        if (e.target.id === 'intake-form-wrap' && e.target.querySelector('[data-state="saved"]') && marker) {
          marker.remove();
          container.dataset.located = 'false';
        }
      });
      container.dataset.ready = 'true';
    },
  });
}

// Keyboard first: the category takes the focus on arrival and again after each saved report.
function focusCategory() {
  const category = field('id_category');
  if (category && (!document.activeElement || document.activeElement === document.body)) category.focus();
}
document.addEventListener('htmx:afterSwap', (e) => {
  if (e.target.id === 'intake-form-wrap' && e.target.querySelector('[data-state="saved"]')) field('id_category')?.focus();
});
focusCategory();

const root = document.getElementById('intake-map');
if (root) mount(root).catch((err) => console.warn('intake map:', err));
