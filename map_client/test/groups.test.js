import { describe, expect, it } from 'vitest';
import { groupLayers, groupRank, groupTitle, PANEL_ORDER } from '../src/style/groups.js';
import { apiLayers } from './fixtures.js';

describe('layer grouping', () => {
  it('groups in panel order, base first, keeping the server order inside a group', () => {
    const groups = groupLayers(apiLayers());
    const order = groups.map((g) => g.group);
    expect(order).toEqual(PANEL_ORDER.filter((g) => order.includes(g)));
    expect(order[0]).toBe('base');
    const hazards = groups.find((g) => g.group === 'hazards').layers.map((l) => l.id);
    expect(hazards).toEqual(['hazards', 'enterprises', 'risk_zones'].filter((id) => hazards.includes(id)));
  });

  it('puts unknown groups last, as "other"', () => {
    const groups = groupLayers([{ id: 'x', group: 'mystery' }, { id: 'e', group: 'events' }]);
    expect(groups.map((g) => g.group)).toEqual(['events', 'other']);
    expect(groupTitle('mystery', 'zh')).toBe('其他');
  });

  it('titles groups in both languages', () => {
    expect(groupTitle('hazards', 'zh')).toBe('风险隐患与企业');
    expect(groupTitle('hazards', 'en')).toBe('Hazards and enterprises');
  });

  it('stacks events above people above polygons of warnings', () => {
    expect(groupRank('events')).toBeGreaterThan(groupRank('people'));
    expect(groupRank('warnings')).toBeGreaterThan(groupRank('base'));
    expect(groupRank('mystery')).toBeLessThan(groupRank('events'));
  });
});
