import { describe, expect, it } from 'vitest';
import { labelPoints } from '../src/style/polygon-labels.js';

const square = (x, y, d) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];

describe('polygon label points', () => {
  it('gives one point per feature, inside it, keeping id and properties', () => {
    const fc = labelPoints({ type: 'FeatureCollection', features: [
      { type: 'Feature', id: 3, properties: { name: '华阳路街道' }, geometry: { type: 'MultiPolygon', coordinates: [square(121.4, 31.2, 0.02)] } },
    ] });
    expect(fc.features).toHaveLength(1);
    const [f] = fc.features;
    expect(f.id).toBe(3);
    expect(f.properties.name).toBe('华阳路街道');
    expect(f.geometry.coordinates[0]).toBeCloseTo(121.41, 3);
    expect(f.geometry.coordinates[1]).toBeCloseTo(31.21, 3);
  });

  it('labels the largest part of a multipolygon', () => {
    const fc = labelPoints({ features: [{ id: 1, properties: {}, geometry: { type: 'MultiPolygon', coordinates: [square(121.0, 31.0, 0.001), square(121.5, 31.5, 0.1)] } }] });
    expect(fc.features[0].geometry.coordinates[0]).toBeGreaterThan(121.5);
  });

  it('skips features without polygons', () => {
    expect(labelPoints({ features: [{ id: 1, properties: {}, geometry: null }, { id: 2, properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } }] }).features).toEqual([]);
  });
});

describe('extent', () => {
  it('is the bounding box of every coordinate', async () => {
    const { extentOf } = await import('../src/style/polygon-labels.js');
    expect(extentOf({ features: [
      { geometry: { type: 'MultiPolygon', coordinates: [[[[121.3, 31.1], [121.5, 31.1], [121.5, 31.3], [121.3, 31.1]]]] } },
      { geometry: { type: 'Point', coordinates: [121.6, 31.0] } },
    ] })).toEqual([[121.3, 31.0], [121.6, 31.3]]);
    expect(extentOf({ features: [] })).toBeNull();
  });
});
