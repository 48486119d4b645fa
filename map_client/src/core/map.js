// The one place a MapLibre map is made. The worker is bundled by Vite (no CDN), labels are drawn
// from local fonts (no glyphs URL), and the map is exposed as window.__map for tests and tools.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { LOCAL_FONT_FAMILY } from '../style/layers.js';

maplibregl.setWorkerUrl(workerUrl);

export const CHANGNING = { center: [121.405, 31.213], zoom: 12.6 };
export const CHANGNING_BOUNDS = [[121.32, 31.17], [121.47, 31.25]];

/**
 * `onLoad(map)` may return a promise (GeoJSON overlays, label points); window.__mapIdle turns true
 * on the first `idle` after it settles, so tests see the finished map.
 */
export function createMap(container, style, { onLoad, ...options } = {}) {
  window.__mapIdle = false;
  window.__mapTimings = { created: performance.now() };
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
  window.__map = map;
  map.once('load', async () => {
    window.__mapTimings.load = performance.now();
    try {
      if (onLoad) await onLoad(map);
    } catch (err) {
      console.warn('map onLoad:', err);
    }
    window.__mapTimings.ready = performance.now();
    map.once('idle', () => {
      window.__mapIdleAt = performance.now();
      window.__mapTimings.idle = window.__mapIdleAt;
      window.__mapIdle = true;
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
