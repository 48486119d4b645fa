import { describe, expect, it, vi } from 'vitest';
import { ClickRouter, keyOf, priorityFor, route } from '../src/interact/router.js';

const feature = (layer, id = 1, source = layer) => ({ id, source, layer: { id: `${layer}--0`, metadata: { 'onemap:layer': layer } } });
const entry = (keys, priority) => ({ keys: keys === '*' ? '*' : new Set([].concat(keys)), priority, handle: vi.fn() });

describe('click router', () => {
  it('sends a click to the highest-priority handler only', () => {
    const districts = entry('districts', priorityFor({ group: 'base', geometry_type: 'MultiPolygon' }));
    const events = entry('events', priorityFor({ group: 'events', geometry_type: 'Point' }));
    const shelters = entry('shelters', priorityFor({ group: 'shelters', geometry_type: 'Point' }));
    // District polygon drawn on top in the hit list: the event still wins.
    const hit = route([feature('districts'), feature('shelters'), feature('events', 7)], [districts, events, shelters]);
    expect(hit.entry).toBe(events);
    expect(hit.feature.id).toBe(7);
  });

  it('ranks points above polygons whatever their group', () => {
    expect(priorityFor({ group: 'shelters', geometry_type: 'Point' })).toBeGreaterThan(priorityFor({ group: 'warnings', geometry_type: 'MultiPolygon' }));
    expect(priorityFor({ group: 'events', geometry_type: 'Point' })).toBeGreaterThan(priorityFor({ group: 'people', geometry_type: 'Point' }));
  });

  it('breaks ties by what is drawn on top', () => {
    const shelters = entry('shelters', 5);
    const hit = route([feature('shelters', 2), feature('shelters', 3)], [shelters]);
    expect(hit.feature.id).toBe(2);
  });

  it('supports catch-all handlers and priority functions', () => {
    const editor = entry('*', (key) => (key === 'hazards' ? 1e6 : -1));
    const popup = entry('events', 100);
    expect(route([feature('events'), feature('hazards', 9)], [popup, editor]).entry).toBe(editor);
    expect(route([feature('events')], [popup, editor]).entry).toBe(popup);
  });

  it('returns nothing when no handler wants the click', () => {
    expect(route([feature('unknown')], [entry('events', 1)])).toBeNull();
    expect(route([], [entry('*', 1)])).toBeNull();
  });

  it('uses the source when a map layer has no registry metadata', () => {
    expect(keyOf({ source: 'live-points', layer: { id: 'live-points' } })).toBe('live-points');
  });

  it('dispatches map clicks to exactly one handler', () => {
    const listeners = {};
    const map = { on: (type, fn) => { listeners[type] = fn; }, queryRenderedFeatures: () => [feature('warnings'), feature('events', 4)] };
    const router = new ClickRouter(map);
    const onEvent = vi.fn();
    const onWarning = vi.fn();
    const fallback = vi.fn();
    router.add('events', onEvent, 100).add('warnings', onWarning, 10).setFallback(fallback);
    listeners.click({ point: { x: 10, y: 10 } });
    expect(onEvent).toHaveBeenCalledTimes(1);
    expect(onWarning).not.toHaveBeenCalled();
    expect(fallback).not.toHaveBeenCalled();
    router.suppress(1000);
    listeners.click({ point: { x: 10, y: 10 } });
    expect(onEvent).toHaveBeenCalledTimes(1);
  });
});
