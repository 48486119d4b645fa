import { describe, expect, it } from 'vitest';
import { formatValue, popupRows, popupTitle, recordUrl } from '../src/interact/popup.js';

const layer = {
  id: 'shelters',
  title: { zh: '应急避难场所', en: 'Emergency shelters' },
  title_property: 'name',
  properties: [
    { name: 'name', type: 'string', format: null, label: { zh: '名称', en: 'name' }, choices: null },
    { name: 'tier', type: 'string', format: null, label: { zh: '场所级别', en: 'tier' }, choices: { district: { zh: '区级', en: 'District' } } },
    { name: 'capacity', type: 'integer', format: null, label: { zh: '容纳人数（人）', en: 'capacity' }, choices: null },
    { name: 'synthetic', type: 'boolean', format: null, label: { zh: '模拟边界', en: 'synthetic' }, choices: null },
    { name: 'updated_at', type: 'string', format: 'date-time', label: { zh: '更新时间', en: 'updated' }, choices: null },
    { name: 'phone', type: 'string', format: null, label: { zh: '联系电话', en: 'phone' }, choices: null },
  ],
};
const props = { name: '中山公园避难场所', tier: 'district', capacity: 19426, synthetic: true, updated_at: '2026-11-24 15:00:00+00', phone: null };

describe('popup rows', () => {
  it('shows attributes under Chinese labels in registry order, choices by label, empties left out', () => {
    expect(popupRows(layer, props, 'zh')).toEqual([
      { name: 'name', label: '名称', value: '中山公园避难场所' },
      { name: 'tier', label: '场所级别', value: '区级' },
      { name: 'capacity', label: '容纳人数（人）', value: '19,426' },
      { name: 'synthetic', label: '模拟边界', value: '是' },
      { name: 'updated_at', label: '更新时间', value: '2026-11-24 23:00' },
    ]);
  });

  it('switches labels and choice labels to English', () => {
    const rows = popupRows(layer, props, 'en');
    expect(rows[1]).toEqual({ name: 'tier', label: 'tier', value: 'District' });
    expect(rows[3].value).toBe('Yes');
  });

  it('shows unknown codes as they are', () => {
    expect(formatValue(layer.properties[1], 'street', 'zh')).toBe('street');
  });

  it('titles the popup with the title property and links to the record', () => {
    expect(popupTitle(layer, props)).toBe('中山公园避难场所');
    expect(popupTitle(layer, {})).toBe('应急避难场所');
    expect(recordUrl('shelters', 12)).toBe('/ogc/collections/shelters/items/12?f=html');
  });
});
