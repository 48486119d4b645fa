import { describe, expect, it } from 'vitest';
import { formatBeijing, formatBeijingShort } from '../src/core/clock.js';

describe('Beijing clock', () => {
  it('shows UTC+8 whatever the machine zone', () => {
    const f = formatBeijing(new Date('2026-11-24T16:30:05Z'), 'zh');
    expect(f.time).toBe('00:30:05');
    expect(f.date).toBe('2026年11月25日 星期三');
    expect(f.label).toBe('北京时间');
  });

  it('has an English form', () => {
    expect(formatBeijing(new Date('2026-11-24T01:02:03Z'), 'en').date).toBe('2026-11-24 Tue');
  });

  it('formats API timestamps for lists', () => {
    expect(formatBeijingShort('2026-11-24T09:04:00Z')).toBe('2026-11-24 17:04');
    expect(formatBeijingShort('not a date')).toBe('not a date');
  });
});
