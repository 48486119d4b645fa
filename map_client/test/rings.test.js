import { describe, expect, it } from 'vitest';
import { circleRing, destination, distanceM, ringLabel, ringLabelPoints, ringsFeatureCollection } from '../src/core/rings.js';

const CENTRE = [121.40, 31.21];

describe('distance rings', () => {
  it('puts every vertex at the radius from the centre', () => {
    for (const radius of [500, 1000, 3000]) {
      const ring = circleRing(CENTRE, radius, 64);
      for (const p of ring) expect(Math.abs(distanceM(CENTRE, p) - radius)).toBeLessThan(0.5);
    }
  });

  it('closes each ring', () => {
    const ring = circleRing(CENTRE, 1000, 32);
    expect(ring).toHaveLength(33);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
  });

  it('goes north on bearing 0 and east on bearing 90', () => {
    const n = destination(CENTRE, 1000, 0);
    const e = destination(CENTRE, 1000, 90);
    expect(n[1]).toBeGreaterThan(CENTRE[1]);
    expect(n[0]).toBeCloseTo(CENTRE[0], 8);
    expect(e[0]).toBeGreaterThan(CENTRE[0]);
    // 1 km of latitude is ~0.009 degrees.
    expect(n[1] - CENTRE[1]).toBeCloseTo(0.008993, 5);
  });

  it('orders rings largest first so the small ones draw on top', () => {
    const fc = ringsFeatureCollection(CENTRE, [500, 3000, 1000]);
    expect(fc.features.map((f) => f.properties.radius)).toEqual([3000, 1000, 500]);
    expect(fc.features[0].geometry.type).toBe('Polygon');
  });

  it('labels rings in Chinese and English', () => {
    expect(ringLabel(500, 'zh')).toBe('500米');
    expect(ringLabel(3000, 'zh')).toBe('3公里');
    expect(ringLabel(1000, 'en')).toBe('1 km');
    const points = ringLabelPoints(CENTRE, [500]);
    expect(Math.round(distanceM(CENTRE, points.features[0].geometry.coordinates))).toBe(500);
  });
});
