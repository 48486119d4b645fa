import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { buildStyle } from '../src/style/build.js';
import { cleanBlock, labelSourceId, layerSpecs, mapLayerIdsOf, tileUrl, vectorSource } from '../src/style/layers.js';
import { apiLayers } from './fixtures.js';

const ORIGIN = 'http://wall.example:8000';

describe('buildStyle from /api/layers/', () => {
  const layers = apiLayers();
  const style = buildStyle(layers, { origin: ORIGIN });

  it('is a valid MapLibre style with no glyphs URL (labels use local fonts)', () => {
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.glyphs).toBeUndefined();
  });

  it('has one vector source per layer, on the page origin, with the layer zoom range', () => {
    for (const layer of layers) {
      const source = style.sources[layer.id];
      expect(source.type).toBe('vector');
      expect(source.tiles[0]).toBe(`${ORIGIN}/ogc/collections/${layer.id}/tiles/WebMercatorQuad/{z}/{y}/{x}`);
      expect(source.minzoom).toBe(layer.minzoom);
    }
  });

  it('gives every map layer an id, its source and source-layer, and the registry layer in metadata', () => {
    const ids = new Set();
    for (const spec of style.layers.filter((l) => l.metadata)) {
      expect(ids.has(spec.id)).toBe(false);
      ids.add(spec.id);
      const owner = spec.metadata['onemap:layer'];
      if (spec.source === labelSourceId(owner)) continue;
      expect(spec.source).toBe(owner);
      expect(spec['source-layer']).toBe(owner);
    }
  });

  it('stacks the background first, polygons under points, events on top', () => {
    expect(style.layers[0].type).toBe('background');
    const index = (id) => style.layers.findIndex((l) => l.id === id);
    expect(index('districts--0')).toBeLessThan(index('warnings--0'));
    expect(index('warnings--0')).toBeLessThan(index('shelters--0'));
    const circles = style.layers.filter((l) => l.type === 'circle');
    expect(circles[circles.length - 1].metadata['onemap:layer']).toBe('events');
  });

  it('labels polygons from one point per feature, not from every tile piece', () => {
    const label = style.layers.find((l) => l.id === 'districts--2');
    expect(label.type).toBe('symbol');
    expect(label.source).toBe('districts--labels');
    expect(label['source-layer']).toBeUndefined();
    expect(style.sources['districts--labels'].type).toBe('geojson');
    expect(label.layout['text-font']).toBeDefined();
  });

  it('applies layer minzoom to the map layers', () => {
    expect(style.layers.find((l) => l.id === 'hazards--0').minzoom).toBe(10);
  });

  it('starts hidden layers hidden', () => {
    const hidden = buildStyle(layers, { origin: ORIGIN, hidden: ['shelters'] });
    for (const id of mapLayerIdsOf(hidden, 'shelters')) {
      expect(hidden.layers.find((l) => l.id === id).layout.visibility).toBe('none');
    }
    expect(mapLayerIdsOf(hidden, 'shelters').length).toBeGreaterThan(0);
  });

  it('adds a raster basemap only when configured', () => {
    expect(Object.keys(style.sources).filter((id) => id.startsWith('basemap'))).toEqual([]);
    const tianditu = {
      id: 'tianditu_vec', attribution: '天地图',
      layers: [
        { kind: 'raster', tiles: ['https://t0.example/vec/{z}/{x}/{y}', 'https://t1.example/vec/{z}/{x}/{y}'] },
        { kind: 'raster', tiles: ['https://t0.example/cva/{z}/{x}/{y}'] },
      ],
    };
    const withBasemap = buildStyle(layers, { origin: ORIGIN, basemap: tianditu });
    expect(withBasemap.sources['basemap-0'].tiles).toHaveLength(2);
    expect(withBasemap.sources['basemap-0'].attribution).toBe('天地图');
    // Under everything of ours: background, the map, its labels, then our layers.
    expect(withBasemap.layers.slice(0, 3).map((l) => l.id)).toEqual(['background', 'basemap-0', 'basemap-1']);
    expect(validateStyleMin(withBasemap)).toEqual([]);
  });
});

describe('layer specs', () => {
  it('reacts to feature-state hover and selection in paint only', () => {
    const [shelter] = apiLayers().filter((l) => l.id === 'shelters');
    const [circle] = layerSpecs(shelter);
    expect(JSON.stringify(circle.paint['circle-stroke-width'])).toContain('feature-state');
    expect(JSON.stringify(circle.layout)).not.toContain('feature-state');
  });

  it('translates a sort key written for another layer type, drops unknown properties', () => {
    const warnings = [];
    const [layout, problems] = cleanBlock('circle', 'layout', { 'symbol-sort-key': 5, 'text-field': 'x' });
    expect(layout).toEqual({ 'circle-sort-key': 5 });
    expect(problems).toHaveLength(2);
    const layer = { ...apiLayers()[0], id: 'x', geometry_type: 'Point', style: { layers: [{ type: 'circle', layout: { 'symbol-sort-key': 1 }, paint: {} }] } };
    layerSpecs(layer, { warn: (m) => warnings.push(m) });
    expect(warnings[0]).toMatch(/symbol-sort-key/);
  });

  it('adds a title label to point layers', () => {
    const events = apiLayers().find((l) => l.id === 'events');
    const specs = layerSpecs(events);
    const label = specs.find((s) => s.type === 'symbol');
    expect(label.layout['text-field']).toEqual(['to-string', ['get', 'title']]);
  });

  it('rewrites tile URLs onto the page origin and busts caches', () => {
    const layer = apiLayers()[0];
    expect(tileUrl(layer, 'http://a:1')).toBe('http://a:1/ogc/collections/districts/tiles/WebMercatorQuad/{z}/{y}/{x}');
    expect(tileUrl(layer, 'http://a:1', 7)).toMatch(/\?v=7$/);
    expect(tileUrl(layer, '')).toBe(layer.links.tiles);
    expect(vectorSource({ ...layer, maxzoom: 22 }, '').maxzoom).toBe(16);
    expect(vectorSource({ ...layer, maxzoom: 12 }, '').maxzoom).toBe(12);
  });
});
