import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bustTiles, LiveChanges, socketUrlFor } from '../src/live/changes.js';
import { applyDiffToIndex, diffPositions, Simulator } from '../src/live/points.js';

describe('live changes', () => {
  it('replaces the cache-busting parameter instead of piling them up', () => {
    expect(bustTiles(['http://h/t/{z}/{y}/{x}'], 3)).toEqual(['http://h/t/{z}/{y}/{x}?v=3']);
    expect(bustTiles(['http://h/t/{z}/{y}/{x}?a=1&v=3'], 4)).toEqual(['http://h/t/{z}/{y}/{x}?a=1&v=4']);
  });
});

describe('live frames', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const live = (batches) => {
    const l = new LiveChanges({ socketUrl: 'ws://h/ws/changes/', batchEvery: 300, onChanges: (b) => batches.push(b) });
    l.seq = 0;
    return l;
  };

  it('asks for an event topic and a narrower set of layers in the socket URL', () => {
    expect(socketUrlFor({ protocol: 'https:', host: 'h' })).toBe('wss://h/ws/changes/');
    expect(socketUrlFor({ protocol: 'http:', host: 'h:8000' }, { event: 12, layers: ['events', 'shelters'] }))
      .toBe('ws://h:8000/ws/changes/?event=12&layers=events%2Cshelters');
  });

  it('takes the changes of a frame once, whether from the socket or the catch-up poll', () => {
    const batches = [];
    const l = live(batches);
    const change = { seq: 7, layer: 'shelters', id: 3, action: 'updated' };
    l.receive({ changes: [change], last_seq: 9 });
    l.receive({ changes: [change, { seq: 5, layer: 'events', id: 1, action: 'deleted' }], last_seq: 9 });
    l.receive({ topics: ['layer.events'], refused: [] }); // the answer to a subscribe message
    vi.advanceTimersByTime(1000);
    expect(batches.flat().map((c) => c.seq)).toEqual([7, 5]); // an older seq committed later still counts
    expect(l.seq).toBe(9); // the poll resumes after the frame's last_seq
  });

  it('always takes a reload, which has no seq', () => {
    const batches = [];
    const l = live(batches);
    const reload = { seq: null, layer: 'shelters', id: null, action: 'reload' };
    l.receive({ changes: [reload], last_seq: 4 });
    vi.advanceTimersByTime(400);
    l.receive({ changes: [reload], last_seq: 4 });
    vi.advanceTimersByTime(400);
    expect(batches).toEqual([[reload], [reload]]);
  });

  it('refreshes at once, then at most once per batch interval however steady the frames', () => {
    const batches = [];
    const l = live(batches);
    for (let i = 1; i <= 10; i += 1) {
      l.receive({ changes: [{ seq: i, layer: 'personnel_positions', id: 1, action: 'updated' }], last_seq: i });
      vi.advanceTimersByTime(150);
    }
    vi.advanceTimersByTime(300);
    expect(batches[0].map((c) => c.seq)).toEqual([1]);
    expect(batches.length).toBeGreaterThanOrEqual(5);
    expect(batches.length).toBeLessThanOrEqual(7);
    expect(batches.flat().map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('live points', () => {
  it('adds new ids, updates moved ones, skips unmoved ones', () => {
    const known = new Map([[1, [121, 31]], [2, [121.1, 31.1]]]);
    const diff = diffPositions(known, [{ id: 1, lon: 121, lat: 31 }, { id: 2, lon: 121.2, lat: 31.1 }, { id: 3, lon: 121.3, lat: 31.3 }]);
    expect(diff.add.map((f) => f.id)).toEqual([3]);
    expect(diff.update).toEqual([{ id: 2, newGeometry: { type: 'Point', coordinates: [121.2, 31.1] } }]);
    expect(diff.remove).toEqual([]);
  });

  it('removes missing ids only for a complete snapshot', () => {
    const known = new Map([[1, [121, 31]], [2, [121.1, 31.1]]]);
    expect(diffPositions(known, [{ id: 1, lon: 121, lat: 31 }], { complete: true }).remove).toEqual([2]);
    expect(diffPositions(known, [{ id: 1, lon: 121, lat: 31 }]).remove).toEqual([]);
  });

  it('keeps its index in step with the diffs', () => {
    const known = new Map();
    const sim = new Simulator(100);
    applyDiffToIndex(known, diffPositions(known, sim.step()));
    expect(known.size).toBe(100);
    const diff = diffPositions(known, sim.step());
    expect(diff.add).toHaveLength(0);
    expect(diff.update).toHaveLength(100);
  });
});

import { noteDegraded } from '../src/core/api.js';

describe('a degraded answer', () => {
  it('is announced to the page when the server says Redis was unavailable', () => {
    const target = new EventTarget();
    const seen = [];
    target.addEventListener('onemap:degraded', (e) => seen.push(e.detail));
    expect(noteDegraded({ headers: new Headers({ 'X-Onemap-Degraded': 'redis' }) }, target)).toBe('redis');
    expect(noteDegraded({ headers: new Headers() }, target)).toBe(null);
    expect(seen).toEqual(['redis']);
  });
});
