// The command map's first draw (issue 10, bench/command_view.py): what it waits for (only the page
// and the layers, never the nearest lists), the panel that takes its place in the column until its
// data comes, and the thinning at the first zoom (names of responders not checked in, cones of
// cameras that do not see the event) that keeps everything one zoom step away.
import { createExpression, featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it, vi } from 'vitest';
import { ALL_CONES_ZOOM, CONE_LAYERS, addConeLayer } from '../src/command/cameras.js';
import { LateControl, boardLoader, commandData } from '../src/command/first-draw.js';
import { ALL_NAMES_ZOOM, addResponderLayer, responderLabel } from '../src/command/responders.js';

const EVENT = { type: 'Feature', id: 7, geometry: { type: 'Point', coordinates: [121.4, 31.21] }, properties: { title: '仙霞路火灾' } };
const never = () => new Promise(() => {});

describe('commandData', () => {
  it('answers with the event and rings of the page without waiting for the nearest lists or the board', async () => {
    const askNearby = vi.fn(never);
    const askBoard = vi.fn(never);
    const data = await commandData({ eventId: 7, event: EVENT, rings: [500, 1000, 3000] }, askNearby, askBoard);
    expect(data.event).toBe(EVENT);
    expect(data.rings).toEqual([500, 1000, 3000]);
    expect(askNearby).toHaveBeenCalledWith(7); // asked for at once, with the layers
    expect(askBoard).toHaveBeenCalledWith(7);
    expect(data.nearby).toBeInstanceOf(Promise);
    expect(data.board).toBeInstanceOf(Promise);
  });

  it('hands the nearest lists and the board over when they come, and a failure to whoever waits', async () => {
    const body = { event: EVENT, nearby: { shelters: [{ id: 1 }] } };
    const board = { responders: [{ id: 3, name: '张三' }] };
    const ok = await commandData({ eventId: 7, event: EVENT }, () => Promise.resolve(body), () => Promise.resolve(board));
    await expect(ok.nearby).resolves.toBe(body);
    await expect(ok.board).resolves.toBe(board);
    expect(ok.rings).toBeNull(); // the view then uses its default rings
    const failing = await commandData({ eventId: 7, event: EVENT }, () => Promise.reject({ status: 500 }), () => Promise.reject({ status: 403 }));
    await expect(failing.nearby).rejects.toEqual({ status: 500 });
    await expect(failing.board).rejects.toEqual({ status: 403 });
  });

  it('refuses like the API when the page says why, or has no event', async () => {
    const ask = vi.fn(never);
    await expect(commandData({ eventId: 7, denied: '无权打开指挥视图' }, ask, ask)).rejects.toEqual({ status: 403, denied: '无权打开指挥视图' });
    await expect(commandData({ eventId: 7, event: null }, ask, ask)).rejects.toEqual({ status: 404 });
    expect(ask).not.toHaveBeenCalled();
  });
});

describe('boardLoader', () => {
  it('hands over the board asked for with the page once, then asks again', async () => {
    const first = Promise.resolve({ n: 1 });
    const ask = vi.fn(async () => ({ n: 2 }));
    const load = boardLoader(first, ask);
    expect(load()).toBe(first);
    expect(ask).not.toHaveBeenCalled();
    await expect(load()).resolves.toEqual({ n: 2 });
    await expect(load()).resolves.toEqual({ n: 2 });
    expect(ask).toHaveBeenCalledTimes(2);
  });
});

const element = (name) => ({ name, replaceWith: vi.fn(), remove: vi.fn() });
const control = (name) => ({ el: element(name), onAdd: vi.fn(function onAdd() { return this.el; }), onRemove: vi.fn() });

describe('LateControl', () => {
  it('holds the place with a placeholder and swaps the real control in', () => {
    const placeholder = element('placeholder');
    const late = new LateControl({ placeholder: () => placeholder });
    const map = {};
    expect(late.onAdd(map)).toBe(placeholder);
    const real = control('nearby');
    expect(late.fill(real)).toBe(real.el);
    expect(real.onAdd).toHaveBeenCalledWith(map);
    expect(placeholder.replaceWith).toHaveBeenCalledWith(real.el);
    late.onRemove();
    expect(real.onRemove).toHaveBeenCalledWith(map);
  });

  it('replaces a filled control with the next one, and shows a control filled before it was added', () => {
    const late = new LateControl({ placeholder: () => element('placeholder') });
    const early = control('early');
    expect(late.fill(early)).toBeNull();
    expect(late.onAdd({})).toBe(early.el);
    const next = control('next');
    late.fill(next);
    expect(early.onRemove).toHaveBeenCalled();
    expect(early.el.replaceWith).toHaveBeenCalledWith(next.el);
  });
});

/** A fake map that records sources and layers. */
function fakeMap() {
  const layers = [];
  return { layers, addSource: vi.fn(), addLayer: (spec) => layers.push(spec) };
}

describe('thinning at the first zoom', () => {
  const label = (zoom, properties) => {
    const expr = createExpression(responderLabel(), { type: 'string', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } });
    expect(expr.result).toBe('success');
    return expr.value.evaluate({ zoom }, { properties, type: 'Point' });
  };

  it('names only checked-in responders below ALL_NAMES_ZOOM and everyone from it', () => {
    expect(label(13.5, { name: '张三', checked_in: true })).toBe('张三');
    expect(label(13.5, { name: '李四', checked_in: false })).toBe('');
    expect(label(ALL_NAMES_ZOOM, { name: '李四', checked_in: false })).toBe('李四');
    const map = fakeMap();
    addResponderLayer(map);
    const circle = map.layers.find((l) => l.type === 'circle');
    expect(circle.minzoom ?? 0).toBe(0); // every responder's dot at every zoom
  });

  it('draws the cones of cameras that see the event at every zoom, the others from ALL_CONES_ZOOM', () => {
    const map = fakeMap();
    addConeLayer(map, 'rings-label');
    const drawnAt = (zoom, covers) => map.layers.filter((l) => (l.minzoom ?? 0) <= zoom
      && featureFilter(l.filter, 'layers[0].filter').filter({ zoom }, { properties: { covers }, type: 'Polygon' }));
    expect(drawnAt(13.5, true).map((l) => l.type).sort()).toEqual(['fill', 'line']);
    expect(drawnAt(13.5, false)).toEqual([]);
    expect(drawnAt(ALL_CONES_ZOOM, false).map((l) => l.type).sort()).toEqual(['fill', 'line']);
    expect(drawnAt(ALL_CONES_ZOOM, true)).toHaveLength(2); // never drawn twice
    expect(map.layers.map((l) => l.id)).toEqual(CONE_LAYERS.flatMap(([id]) => [`${id}-fill`, `${id}-line`]));
  });
});

