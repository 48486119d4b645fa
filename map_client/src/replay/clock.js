// The replay clock: a virtual instant between start and end that advances while playing at 1×,
// 10× or 60×. Pure (no DOM, no map) so it is unit-tested; `now` is injectable.
export const SPEEDS = [1, 10, 60];

export class ReplayClock {
  constructor(start, end, { now = () => Date.now() } = {}) {
    this.start = start;
    this.end = end;
    this.now = now;
    this.time = start;
    this.speed = 1;
    this.playing = false;
    this.lastTick = null;
  }

  /** Jump to `t` (ms), kept inside [start, end]. */
  seek(t) {
    this.time = Math.min(this.end, Math.max(this.start, t));
    this.lastTick = this.playing ? this.now() : null;
    return this.time;
  }

  play() {
    if (this.time >= this.end) this.time = this.start;
    this.playing = true;
    this.lastTick = this.now();
  }

  pause() {
    this.tick();
    this.playing = false;
    this.lastTick = null;
  }

  setSpeed(speed) {
    this.tick();
    this.speed = SPEEDS.includes(speed) ? speed : 1;
  }

  /** Advance by the wall time since the last tick × speed; stops at the end. Returns the time. */
  tick() {
    if (!this.playing) return this.time;
    const now = this.now();
    this.time = Math.min(this.end, this.time + (now - this.lastTick) * this.speed);
    this.lastTick = now;
    if (this.time >= this.end) this.playing = false;
    return this.time;
  }

  /** 0..1 along the event. */
  fraction() {
    return this.end > this.start ? (this.time - this.start) / (this.end - this.start) : 0;
  }
}

/** 2026-11-29 14:05:09 in Shanghai time, whatever the browser's zone. */
export function shanghaiTime(ms) {
  const d = new Date(ms + 8 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
