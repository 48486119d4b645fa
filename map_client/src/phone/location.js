// Sharing my location while on duty or on a task: the browser's watchPosition gives a fix about
// every second; fixes are kept at most one per second and sent in batches every few seconds
// through the outbox (so samples taken offline arrive later, in order, each once: every sample has
// its own client_id). The indicator and the stop button are the shell's.
import { newClientId } from './outbox.js';

export const SAMPLE_EVERY_MS = 1000;
export const SEND_EVERY_MS = 3000;
const RESUME_KEY = 'onemap.phone.sharing';

/** A position sample as POST /api/positions/ takes it. */
export function sampleOf(position, clientId = newClientId()) {
  const c = position.coords;
  const sample = {
    client_id: clientId, lon: c.longitude, lat: c.latitude,
    recorded_at: new Date(position.timestamp || Date.now()).toISOString(),
  };
  if (Number.isFinite(c.accuracy)) sample.accuracy_m = Math.round(c.accuracy * 10) / 10;
  if (Number.isFinite(c.speed)) sample.speed_mps = c.speed;
  if (Number.isFinite(c.heading)) sample.heading = c.heading;
  return sample;
}

export class LocationSharing {
  constructor({ outbox, geolocation = globalThis.navigator && globalThis.navigator.geolocation, onState = () => {}, storage = globalThis.sessionStorage } = {}) {
    this.outbox = outbox;
    this.geolocation = geolocation;
    this.onState = onState;
    this.storage = storage;
    this.watchId = null;
    this.buffer = [];
    this.lastSampleAt = 0;
    this.last = null;
    this.error = '';
  }

  get active() {
    return this.watchId !== null;
  }

  /** Resumes sharing after a reload if it was on (the person did not press stop). */
  resume() {
    try {
      if (this.storage && this.storage.getItem(RESUME_KEY) === '1') this.start();
    } catch {
      /* storage blocked */
    }
  }

  start() {
    if (this.active || !this.geolocation) return;
    this.error = '';
    this.watchId = this.geolocation.watchPosition((p) => this.take(p), (err) => {
      this.error = err && err.message ? err.message : String(err);
      this.onState(this);
    }, { enableHighAccuracy: true, maximumAge: 0, timeout: 20000 });
    this.timer = setInterval(() => this.sendBatch(), SEND_EVERY_MS);
    this.remember(true);
    this.onState(this);
  }

  async stop() {
    if (!this.active) return;
    this.geolocation.clearWatch(this.watchId);
    this.watchId = null;
    clearInterval(this.timer);
    this.remember(false);
    await this.sendBatch(); // what was taken before stop still goes
    this.onState(this);
  }

  take(position) {
    const now = position.timestamp || Date.now();
    if (now - this.lastSampleAt < SAMPLE_EVERY_MS - 50) return;
    this.lastSampleAt = now;
    this.last = position;
    this.buffer.push(sampleOf(position));
    this.onState(this);
  }

  async sendBatch() {
    if (!this.buffer.length) return;
    const samples = this.buffer;
    this.buffer = [];
    await this.outbox.add({ kind: 'positions', request: { url: '/api/positions/', json: { samples } },
      idField: null, meta: { n: samples.length } });
    this.outbox.flush();
  }

  remember(on) {
    try {
      if (this.storage) this.storage.setItem(RESUME_KEY, on ? '1' : '0');
    } catch {
      /* ignore */
    }
  }
}
