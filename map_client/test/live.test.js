import { describe, expect, it } from 'vitest';
import { bustTiles } from '../src/live/changes.js';
import { applyDiffToIndex, diffPositions, Simulator } from '../src/live/points.js';

describe('live changes', () => {
  it('replaces the cache-busting parameter instead of piling them up', () => {
    expect(bustTiles(['http://h/t/{z}/{y}/{x}'], 3)).toEqual(['http://h/t/{z}/{y}/{x}?v=3']);
    expect(bustTiles(['http://h/t/{z}/{y}/{x}?a=1&v=3'], 4)).toEqual(['http://h/t/{z}/{y}/{x}?a=1&v=4']);
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
