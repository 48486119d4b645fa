import { describe, expect, it } from 'vitest';
import { ReplayClock, shanghaiTime } from '../src/replay/clock.js';

describe('replay clock', () => {
  it('advances at the chosen speed and stops at the end', () => {
    let now = 0;
    const clock = new ReplayClock(1000, 100000, { now: () => now });
    clock.play();
    now = 1000;
    expect(clock.tick()).toBe(2000);
    clock.setSpeed(60);
    now = 2000;
    expect(clock.tick()).toBe(62000);
    now = 4000;
    expect(clock.tick()).toBe(100000);
    expect(clock.playing).toBe(false);
  });

  it('seeks inside the event and restarts from the beginning after the end', () => {
    const clock = new ReplayClock(1000, 5000, { now: () => 0 });
    expect(clock.seek(-5)).toBe(1000);
    expect(clock.seek(9999)).toBe(5000);
    clock.play();
    expect(clock.time).toBe(1000);
    expect(clock.fraction()).toBe(0);
    clock.setSpeed(7);
    expect(clock.speed).toBe(1);
  });

  it('shows Shanghai time', () => {
    expect(shanghaiTime(Date.parse('2026-11-29T06:05:09Z'))).toBe('2026-11-29 14:05:09');
  });
});
