// The one place a MapLibre map is made. The worker is bundled by Vite (no CDN), labels are drawn
// from local fonts (no glyphs URL). Tests and the benchmark reach the map through the test hook.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { LOCAL_FONT_FAMILY } from '../style/layers.js';
import { registerPmtiles } from '../style/pmtiles-protocol.js';
import { exposeForTests } from './test-hook.js';

maplibregl.setWorkerUrl(workerUrl);
registerPmtiles(maplibregl); // a base map may be a PMTiles archive on our server (style/basemap.js)

export const CHANGNING = { center: [121.405, 31.213], zoom: 12.6 };
export const CHANGNING_BOUNDS = [[121.32, 31.17], [121.47, 31.25]];

/**
 * `onLoad(map)` may return a promise (GeoJSON overlays, label points). The test hook gets `map`,
 * `timings` ({created, load, ready, idle} in ms since navigation) and `idle`, which turns true on
 * the first `idle` after onLoad settles, so tests see the finished map.
 */
export function createMap(container, style, { onLoad, ...options } = {}) {
  const timings = { created: performance.now() };
  const map = new maplibregl.Map({
    container,
    style,
    center: CHANGNING.center,
    zoom: CHANGNING.zoom,
    minZoom: 8,
    maxZoom: 20,
    maxBounds: [[119.5, 30.0], [123.5, 32.5]],
    localIdeographFontFamily: LOCAL_FONT_FAMILY,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    fadeDuration: 0,
    ...options,
  });
  map.touchZoomRotate.disableRotation();
  exposeForTests({ map, timings, idle: false, idleAt: null });
  map.once('load', async () => {
    timings.load = performance.now();
    try {
      if (onLoad) await onLoad(map);
    } catch (err) {
      console.warn('map onLoad:', err);
    }
    timings.ready = performance.now();
    map.once('idle', () => {
      timings.idle = performance.now();
      exposeForTests({ idle: true, idleAt: timings.idle });
    });
    map.triggerRepaint();
  });
  map.on('error', (e) => {
    // A tile that fails (e.g. a layer outside its zoom range) must not stop the map.
    if (e && e.error) console.warn('map:', e.error.message || e.error);
  });
  return map;
}

export { maplibregl };
