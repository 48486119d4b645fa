import { describe, expect, it } from 'vitest';
import { badgeText } from '../src/controls/feeds.js';

describe('silent-feed badge', () => {
  const feed = { feed: 'weather-warnings', title: '气象预警', title_en: 'Weather warnings', lag_min: 35, silent: true };

  it('names the feed and how long it has been silent, Chinese first', () => {
    expect(badgeText(feed, 'zh')).toBe('数据接入中断: 气象预警 (35 分钟无数据)');
  });

  it('has an English form', () => {
    expect(badgeText(feed, 'en')).toBe('Feed interrupted: Weather warnings (no data for 35 min)');
  });

  it('says when a feed never sent anything', () => {
    expect(badgeText({ ...feed, lag_min: null }, 'zh')).toBe('数据接入中断: 气象预警 (从未收到数据)');
  });
});
