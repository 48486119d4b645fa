import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLang } from '../src/core/i18n.js';
import { mountMapPage } from '../src/shell/mount.js';
import { uiScale } from '../src/shell/layout.js';
import { labelSourceId } from '../src/style/layers.js';
import { apiLayers } from './fixtures.js';

/** A MapLibre stand-in that records what the shell does to it. */
class FakeMap {
  constructor(style, options) {
    this.style = style;
    this.options = options;
    this.listeners = {};
    this.controls = [];
    this.sources = {};
    for (const [id, spec] of Object.entries(style.sources)) {
      this.sources[id] = { ...spec, setTiles: vi.fn(function setTiles(tiles) { this.tiles = tiles; }), setData: vi.fn() };
    }
  }

  on(type, fn) {
    (this.listeners[type] ||= []).push(fn);
  }

  once(type, fn) {
    this.on(type, fn);
  }

  getCanvas() {
    return { addEventListener() {} };
  }

  getStyle() {
    return this.style;
  }

  getSource(id) {
    return this.sources[id];
  }

  addControl(control, position) {
    this.controls.push([control, position]);
  }

  /** What MapLibre does once the style is in: the shell's onLoad. */
  load() {
    return this.options.onLoad(this);
  }
}

const POLYGONS = { type: 'FeatureCollection', features: [{ type: 'Feature', id: 1, properties: {}, geometry: { type: 'Point', coordinates: [121.4, 31.2] } }] };

function fakeEnv(overrides = {}) {
  const env = {
    maps: [],
    fatal: [],
    fitted: [],
    labelCalls: [],
    live: null,
    api: { layers: vi.fn(async () => ({ layers: apiLayers() })) },
    startPage: vi.fn(() => ({ basemap: null, eventId: 7 })),
    showFatal: (message) => env.fatal.push(message),
    fitPanels: (map) => env.fitted.push(map.controls.length),
    createMap: (container, style, options) => {
      const map = new FakeMap(style, { container, ...options });
      env.maps.push(map);
      return map;
    },
    fetchLabels: async (style, layers, only = null) => {
      env.labelCalls.push(only);
      return layers.filter((l) => style.sources[labelSourceId(l.id)] && (!only || only.has(l.id)))
        .map((l) => [l.id, POLYGONS, [[121.3, 31.1], [121.5, 31.3]]]);
    },
    startLive: (onChanges) => {
      env.live = { onChanges, stop: vi.fn() };
      return env.live;
    },
    origin: 'http://wall.test',
    warn: () => {},
    ...overrides,
  };
  return env;
}

const control = (name) => ({ name, onAdd: () => null, onRemove: () => {} });

afterEach(() => {
  delete globalThis.window;
  setLang('zh');
});

describe('mountMapPage', () => {
  it('composes title bar, style, map, router with popups and the view controls in order', async () => {
    const env = fakeEnv();
    const search = control('search');
    const panel = control('panel');
    const page = await mountMapPage({
      subtitle: 'editorTitle',
      hidden: ['shelters'],
      mapOptions: () => ({ doubleClickZoom: false }),
      controls: (p) => {
        expect(p.popups).toBeTruthy(); // controls may wire themselves to popups
        return [[search, 'top-left'], [panel, 'top-right']];
      },
    }, env);

    expect(env.startPage).toHaveBeenCalledWith('editorTitle');
    const [map] = env.maps;
    expect(page.map).toBe(map);
    expect(map.options.container).toBe('map');
    expect(map.options.doubleClickZoom).toBe(false);
    // The style comes from /api/layers/: one vector source per layer, tiles from this origin.
    for (const layer of page.layers) expect(map.style.sources[layer.id].tiles[0]).toMatch(/^http:\/\/wall\.test\/ogc\/collections\//);
    const shelterLayers = map.style.layers.filter((l) => l.metadata && l.metadata['onemap:layer'] === 'shelters');
    expect(shelterLayers.length).toBeGreaterThan(0);
    expect(shelterLayers.every((l) => l.layout.visibility === 'none')).toBe(true);
    // One click router, one popup handler per registry layer.
    expect(page.router.handlers.map((h) => [...h.keys][0]).sort()).toEqual(page.layers.map((l) => l.id).sort());
    expect(page.router.fallback).toBeTypeOf('function');
    expect(map.listeners.click).toHaveLength(1);
    expect(map.controls).toEqual([[search, 'top-left'], [panel, 'top-right']]);
    expect(env.fitted).toEqual([2]); // padding measured once the controls are in
    expect(env.fatal).toEqual([]);
  });

  it('puts label points in once loaded and runs the view onLoad with the page', async () => {
    const env = fakeEnv();
    const seen = [];
    const page = await mountMapPage({
      onLoad: async (p, labels) => {
        seen.push(p.map, (await labels).map(([id]) => id));
      },
    }, env);
    await page.map.load();
    const polygonLayers = page.layers.filter((l) => page.style.sources[labelSourceId(l.id)]).map((l) => l.id);
    expect(polygonLayers.length).toBeGreaterThan(0);
    expect(seen).toEqual([page.map, polygonLayers]);
    for (const id of polygonLayers) expect(page.map.getSource(labelSourceId(id)).setData).toHaveBeenCalledWith(POLYGONS);
  });

  it('refreshes changed layers, their labels, then tells the view', async () => {
    const env = fakeEnv();
    const onChanges = vi.fn();
    const page = await mountMapPage({ onChanges }, env);
    expect(page.live).toBe(env.live);
    const changes = [{ seq: 41, layer: 'warnings', id: 3 }, { seq: 42, layer: 'shelters', id: 9 }];
    env.live.onChanges(changes);
    expect(page.map.getSource('shelters').tiles[0]).toMatch(/[?&]v=42$/);
    expect(page.map.getSource('warnings').tiles[0]).toMatch(/[?&]v=42$/);
    expect(page.map.getSource('districts').setTiles).not.toHaveBeenCalled();
    expect(env.labelCalls.at(-1)).toEqual(new Set(['warnings', 'shelters']));
    expect(onChanges).toHaveBeenCalledWith(changes, new Set(['warnings', 'shelters']), page);
  });

  it('loads the view data alongside the layers and hands it to every step', async () => {
    const env = fakeEnv();
    const nearby = { event: { id: 7, geometry: { coordinates: [121.4, 31.21] } } };
    const load = vi.fn(async () => nearby);
    const page = await mountMapPage({
      load,
      mapOptions: ({ data }) => ({ center: data.event.geometry.coordinates }),
      controls: ({ data }) => [[control(`event ${data.event.id}`), 'top-left']],
    }, env);
    expect(load).toHaveBeenCalledWith({ basemap: null, eventId: 7 });
    expect(page.data).toBe(nearby);
    expect(page.map.options.center).toEqual([121.4, 31.21]);
    expect(page.map.controls[0][0].name).toBe('event 7');
  });

  it('shows the error banner and makes no map when the layers cannot be loaded', async () => {
    const env = fakeEnv({ api: { layers: async () => Promise.reject(Object.assign(new Error('HTTP 503'), { status: 503 })) } });
    expect(await mountMapPage({ controls: () => [[control('x'), 'top-left']] }, env)).toBeNull();
    expect(env.fatal).toEqual(['加载失败: /api/layers/ (503)']);
    expect(env.maps).toEqual([]);
    expect(env.live).toBeNull();
  });

  it('lets the view word the banner when its own data fails', async () => {
    const env = fakeEnv();
    const page = await mountMapPage({
      load: async () => Promise.reject(Object.assign(new Error('HTTP 404'), { status: 404 })),
      failure: (err) => (err.status === 404 ? 'no such event' : 'other'),
    }, env);
    expect(page).toBeNull();
    expect(env.fatal).toEqual(['no such event']);
    const plain = fakeEnv();
    await mountMapPage({ load: async () => { throw Object.assign(new Error('boom'), { status: 500 }); } }, plain);
    expect(plain.fatal).toEqual(['加载失败 (500)']);
  });

  it('can leave registry layers without popups', async () => {
    const page = await mountMapPage({ popups: false }, fakeEnv());
    expect(page.popups).toBeNull();
    expect(page.router.handlers).toEqual([]);
  });

  it('publishes to the test hook only when a test asked for it', async () => {
    const quiet = await mountMapPage({ expose: () => ({ extra: 1 }) }, fakeEnv());
    expect(quiet.map).toBeTruthy(); // no window, no hook, no error

    globalThis.window = { location: { search: '' } };
    await mountMapPage({ expose: () => ({ extra: 1 }) }, fakeEnv());
    expect(globalThis.window.onemapTestHook).toBeUndefined();

    globalThis.window = { location: { search: '' }, onemapTestHook: {} };
    const page = await mountMapPage({ expose: (p) => ({ extra: p.layers.length }) }, fakeEnv());
    const hook = globalThis.window.onemapTestHook;
    expect(hook.layers).toBe(page.layers);
    expect(hook.router).toBe(page.router);
    expect(hook.live).toBe(page.live);
    expect(hook.extra).toBe(page.layers.length);

    globalThis.window = { location: { search: '?testhook' } };
    await mountMapPage({}, fakeEnv());
    expect(globalThis.window.onemapTestHook.layers).toHaveLength(page.layers.length);
  });
});

describe('layout', () => {
  it('scales side panels for the screen, within bounds', () => {
    expect(uiScale(1920, 1080)).toBe(1);
    expect(uiScale(3840, 1080)).toBe(1);
    expect(uiScale(3840, 2160)).toBe(2);
    expect(uiScale(800, 400)).toBe(0.5);
    expect(uiScale(10000, 10000)).toBe(2.5);
  });
});
