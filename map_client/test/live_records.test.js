import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveChanges, refreshOnChanges } from '../src/live/changes.js';

describe('live records', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes record messages to onChanges unchanged, once each', () => {
    const batches = [];
    const l = new LiveChanges({ socketUrl: 'ws://h/ws/changes/', onChanges: (b) => batches.push(b) });
    l.seq = 0;
    const instruction = { seq: 11, record: 'instruction', id: 4, action: 'created', event: 2 };
    l.receive({ changes: [instruction, { seq: 12, layer: 'events', id: 2, action: 'updated' }], last_seq: 12 });
    l.receive({ changes: [instruction], last_seq: 12 }); // the catch-up poll overlaps the socket
    vi.advanceTimersByTime(1000);
    expect(batches.flat()).toEqual([instruction, { seq: 12, layer: 'events', id: 2, action: 'updated' }]);
  });

  it('refreshes only the map sources of layers, never a record name', () => {
    const refreshed = [];
    const source = (id) => ({ tiles: [`/t/${id}/{z}/{x}/{y}`], setTiles: () => refreshed.push(id) });
    const sources = { events: source('events'), instruction: source('instruction') };
    const map = { getStyle: () => ({ sources }), getSource: (id) => sources[id] };
    let extraLayers = null;
    refreshOnChanges(map, (changes, layers) => { extraLayers = layers; })([
      { seq: 3, record: 'instruction', id: 1, action: 'created', event: 2 },
      { seq: 4, layer: 'events', id: 2, action: 'updated' },
    ]);
    expect(refreshed).toEqual(['events']);
    expect([...extraLayers]).toEqual(['events']);
  });
});
