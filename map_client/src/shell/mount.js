// The one composition root of a map page. The wall, the command map and the editor each call
// mountMapPage with only what differs; everything they share is put together here, in this order:
// title bar and language → the layers this user may read (/api/layers/) plus the view's own data →
// the style built from them → the map → polygon labels → click router + feature popups → the
// view's controls (each UI part is a MapLibre control) → live changes → the test hook.
import { api } from '../core/api.js';
import { createMap } from '../core/map.js';
import { exposeForTests } from '../core/test-hook.js';
import { attachFeaturePopups } from '../interact/features.js';
import { Highlighter } from '../interact/highlight.js';
import { ClickRouter } from '../interact/router.js';
import { LiveChanges, refreshOnChanges } from '../live/changes.js';
import { buildStyle } from '../style/build.js';
import { applyPolygonLabels, fetchPolygonLabels } from '../style/polygon-labels.js';
import { loadFailedMessage, showFatal } from './banner.js';
import { fitPanels } from './layout.js';
import { startPage } from './title-bar.js';

/** The browser's parts; a test passes fakes for any of them (a fake map, a fake API). */
export function browserEnv() {
  return {
    api,
    createMap,
    startPage,
    showFatal,
    fitPanels,
    fetchLabels: fetchPolygonLabels,
    startLive: (onChanges, options = {}) => {
      const live = new LiveChanges({ onChanges, ...options });
      live.start();
      return live;
    },
    origin: window.location.origin,
    warn: console.warn,
  };
}

/**
 * Mounts a map page into #map. Every view option is optional:
 *
 * - `subtitle`: message key shown after the title in the title bar.
 * - `load(config)`: the view's own data, fetched alongside /api/layers/; ends up in `page.data`.
 * - `failure(err)`: the banner text when loading fails (default: 加载失败 + what + status).
 * - `hidden`: ids of registry layers that start hidden.
 * - `mapOptions(page)`: extra MapLibre options (centre, zoom, doubleClickZoom…).
 * - `popups`: false to leave clicks on registry layers without popups (default true).
 * - `onLoad(page, labels)`: runs once the style is loaded — extra sources and layers, framing,
 *   tools that need a loaded map; `labels` is the promise of the polygon label points.
 * - `controls(page)`: `[[control, position], …]`, added in that order.
 * - `onChanges(changes, changedLayerIds, page)`: after the shell refreshed the changed layers' tiles
 *   and labels.
 * - `live(page)`: extra LiveChanges options (e.g. `{event: id}` for an event's topic).
 * - `expose(page)`: extra values for the test hook.
 *
 * Returns the page `{config, layers, data, style, map, router, highlighter, popups, live}`, or null
 * when loading failed (the banner then says why and no map is made).
 */
export async function mountMapPage(view = {}, env = browserEnv()) {
  const config = env.startPage(view.subtitle || null);
  const page = { config, view };

  // Each request says what it was, so the banner can name what failed.
  const named = (what) => (err) => Promise.reject({ err, what });
  try {
    const [body, data] = await Promise.all([
      env.api.layers().catch(named('/api/layers/')),
      view.load ? Promise.resolve().then(() => view.load(config)).catch(named('')) : null,
    ]);
    page.layers = body.layers;
    page.data = data;
  } catch (failure) {
    const { err, what } = failure && 'what' in failure ? failure : { err: failure, what: '' };
    env.showFatal(view.failure ? view.failure(err) : loadFailedMessage(err, what));
    return null;
  }

  const { layers } = page;
  page.style = buildStyle(layers, { origin: env.origin, basemap: config.basemap, hidden: view.hidden || [], warn: env.warn });
  // Label points are fetched while the map loads its style, not after.
  const labels = env.fetchLabels(page.style, layers);
  const options = view.mapOptions ? view.mapOptions(page) : {};
  page.map = env.createMap('map', page.style, {
    ...options,
    onLoad: async (map) => {
      const applied = labels.then((fetched) => applyPolygonLabels(map, fetched));
      if (view.onLoad) await view.onLoad(page, labels);
      await applied;
    },
  });
  const { map } = page;

  page.highlighter = new Highlighter(map);
  page.router = new ClickRouter(map);
  page.popups = view.popups === false ? null : attachFeaturePopups(map, page.router, layers, page.highlighter);

  for (const [control, position] of view.controls ? view.controls(page) : []) map.addControl(control, position);
  env.fitPanels(map);

  page.live = env.startLive(refreshOnChanges(map, (changes, changed) => {
    env.fetchLabels(map.getStyle(), layers, changed).then((fetched) => applyPolygonLabels(map, fetched));
    if (view.onChanges) view.onChanges(changes, changed, page);
  }), view.live ? view.live(page) : {});

  exposeForTests({ layers, router: page.router, popups: page.popups, live: page.live, ...(view.expose ? view.expose(page) : {}) });
  return page;
}
