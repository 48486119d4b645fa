import { describe, expect, it } from 'vitest';
import { setLang } from '../src/core/i18n.js';
import { sortWarnings, warningLevel } from '../src/core/warnings.js';

describe('warning levels', () => {
  it('maps 一级 红, 二级 橙, 三级 黄, 四级 蓝', () => {
    setLang('zh');
    expect([1, 2, 3, 4].map((level) => warningLevel({ level }).colour)).toEqual(['red', 'orange', 'yellow', 'blue']);
    expect(warningLevel({ level: 1 }).hex).toBe('#e60012');
    expect(warningLevel({ level: 3 }).label).toBe('三级（黄色）');
  });

  it('lists the most severe first', () => {
    const sorted = sortWarnings([{ id: 1, level: 4 }, { id: 2, level: 1 }, { id: 3, level: 2 }]);
    expect(sorted.map((w) => w.id)).toEqual([2, 3, 1]);
  });
});
