import { describe, expect, it } from 'vitest';
import { applyBasemap, basemapParts, pmtilesUrl } from '../src/style/basemap.js';

describe('base maps', () => {
  it('reads a raster PMTiles archive through the pmtiles protocol on this origin', () => {
    const { sources, layers } = basemapParts({ id: 'pmtiles', layers: [{ kind: 'pmtiles', url: '/basemap/c.pmtiles', tileType: 'png' }] }, 'http://h:1');
    expect(sources['basemap-0']).toEqual({ type: 'raster', url: 'pmtiles://http://h:1/basemap/c.pmtiles', tileSize: 256, attribution: '' });
    expect(layers.map((l) => [l.id, l.type])).toEqual([['basemap-0', 'raster']]);
  });

  it('gives a vector archive a minimal style per source layer', () => {
    const { sources, layers } = basemapParts({ id: 'pmtiles', layers: [{ kind: 'pmtiles', url: '/basemap/v.pmtiles', tileType: 'mvt', vectorLayers: ['roads', 'water'] }] });
    expect(sources['basemap-0'].type).toBe('vector');
    expect(layers.map((l) => [l.type, l['source-layer']])).toEqual([['fill', 'roads'], ['line', 'roads'], ['fill', 'water'], ['line', 'water']]);
  });

  it('keeps absolute archive URLs as they are', () => {
    expect(pmtilesUrl('https://x.example/a.pmtiles', 'http://h')).toBe('pmtiles://https://x.example/a.pmtiles');
  });

  it('a switch removes the previous choice and puts the new one under our layers', () => {
    const style = { sources: { shelters: {} }, layers: [{ id: 'background' }, { id: 'shelters--0' }] };
    const map = {
      getStyle: () => style,
      removeLayer: (id) => { style.layers = style.layers.filter((l) => l.id !== id); },
      removeSource: (id) => { delete style.sources[id]; },
      addSource: (id, s) => { style.sources[id] = s; },
      addLayer: (layer, before) => {
        const i = before ? style.layers.findIndex((l) => l.id === before) : style.layers.length;
        style.layers.splice(i, 0, layer);
      },
    };
    applyBasemap(map, { id: 'a', layers: [{ kind: 'raster', tiles: ['https://a/{z}/{x}/{y}'] }, { kind: 'raster', tiles: ['https://b/{z}/{x}/{y}'] }] });
    expect(style.layers.map((l) => l.id)).toEqual(['background', 'basemap-0', 'basemap-1', 'shelters--0']);
    applyBasemap(map, { id: 'b', layers: [{ kind: 'raster', tiles: ['https://c/{z}/{x}/{y}'] }] });
    expect(style.layers.map((l) => l.id)).toEqual(['background', 'basemap-0', 'shelters--0']);
    expect(style.sources['basemap-0'].tiles).toEqual(['https://c/{z}/{x}/{y}']);
    expect(style.sources['basemap-1']).toBeUndefined();
    applyBasemap(map, null);
    expect(style.layers.map((l) => l.id)).toEqual(['background', 'shelters--0']);
  });
});
