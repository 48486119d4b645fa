import { describe, expect, it } from 'vitest';
import { bboxPolygon, geojsonUrl, operationRows } from '../src/ogc/map-parts.js';

describe('/ogc page map', () => {
  it('asks for the page\'s own items as GeoJSON, keeping its filters and paging', () => {
    const url = geojsonUrl({ search: '?f=html&limit=20&cursor=40&lang=en&bbox=121.3,31.1,121.5,31.3' }, '/ogc/collections/shelters/items');
    const params = new URL(url, 'http://x').searchParams;
    expect(url.startsWith('/ogc/collections/shelters/items?')).toBe(true);
    expect(params.get('f')).toBe('json');
    expect(params.get('limit')).toBe('20');
    expect(params.get('cursor')).toBe('40');
    expect(params.get('bbox')).toBe('121.3,31.1,121.5,31.3');
    expect(params.has('lang')).toBe(false);
  });

  it('draws an extent as a closed ring', () => {
    const ring = bboxPolygon([121.3, 31.1, 121.5, 31.3]).geometry.coordinates[0];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(ring[2]).toEqual([121.5, 31.3]);
  });

  it('lists OpenAPI operations in document order', () => {
    const rows = operationRows({ paths: { '/a': { get: { summary: 'A' }, post: { description: 'make A' } }, '/b': { delete: {} } } });
    expect(rows).toEqual([
      { method: 'GET', path: '/a', summary: 'A' },
      { method: 'POST', path: '/a', summary: 'make A' },
      { method: 'DELETE', path: '/b', summary: '' },
    ]);
  });
});
