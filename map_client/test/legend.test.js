import { describe, expect, it } from 'vitest';
import { legendDrift, legendItems, paintColours } from '../src/style/legend.js';
import { apiLayers, registryStyles } from './fixtures.js';

describe('legend', () => {
  it('comes from the same style entry as the map layers', () => {
    const warnings = apiLayers().find((l) => l.id === 'warnings');
    const items = legendItems(warnings, 'zh');
    expect(items.map((i) => i.label)).toEqual(['红色预警', '橙色预警', '黄色预警', '蓝色预警']);
    expect(items.every((i) => i.shape === 'fill')).toBe(true);
    expect(legendItems(warnings, 'en')[0].label).toBe('Red warning');
  });

  it('uses the legal warning colours: red, orange, yellow, blue', () => {
    const warnings = registryStyles().warnings;
    expect(warnings.legend.map((l) => l.color.toLowerCase())).toEqual(['#e60012', '#ff7f00', '#ffd800', '#0060ff']);
  });

  it('has no legend entry whose colour the style never paints (styles/*.json)', () => {
    for (const [id, style] of Object.entries(registryStyles())) {
      expect(legendDrift(style), id).toEqual([]);
    }
  });

  it('finds colours inside expressions', () => {
    const colours = paintColours([{ paint: { 'circle-color': ['match', ['get', 'k'], 'a', '#ABCDEF', '#000'] } }]);
    expect(colours.has('#abcdef')).toBe(true);
    expect(colours.has('#000')).toBe(true);
  });

  it('falls back to a shape from the geometry type', () => {
    const items = legendItems({ geometry_type: 'MultiPolygon', style: { legend: [{ label: { zh: '面' }, color: '#fff' }] } }, 'zh');
    expect(items[0].shape).toBe('fill');
  });
});
