// The phone app's state: the signed-in person, "my day" (/api/me/today/), the outbox, location
// sharing and the live channel. Views read `app.today` and write through `app.write`, which puts
// the write in the outbox, tries to send it at once and says what became of it.
import { t } from '../core/i18n.js';
import { exposeForTests } from '../core/test-hook.js';
import { LiveChanges } from '../live/changes.js';
import { reader } from './data.js';
import { LocationSharing } from './location.js';
import { messageOf, Outbox } from './outbox.js';
import { sendItem } from './send.js';

const RETRY_EVERY_MS = 15000;
// Live records that change what the phone shows (contracts: live records), plus the events layer.
const RECORDS = new Set(['task', 'instruction', 'instruction_ack', 'event_report', 'check_in']);

export class PhoneApp {
  constructor(config) {
    this.config = config;
    this.userId = config.phone.userId;
    this.get = reader(this.userId);
    this.today = null;
    this.todayError = null;
    this.listeners = new Set();
    this.toasts = [];
  }

  async start() {
    this.outbox = await Outbox.open({ send: (item) => sendItem(item), user: this.userId });
    this.outbox.subscribe((e) => this.onOutbox(e));
    this.sharing = new LocationSharing({ outbox: this.outbox, onState: () => this.changed('sharing') });
    window.addEventListener('online', () => this.outbox.flush());
    this.retry = setInterval(() => this.outbox.flush(), RETRY_EVERY_MS);
    this.live = new LiveChanges({ onChanges: (changes) => this.onLive(changes) });
    this.live.start();
    exposeForTests({ phone: this });
    await this.refresh();
    this.sharing.resume();
    this.outbox.flush();
    return this;
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(what) {
    for (const listener of this.listeners) listener(what);
  }

  /** Reloads my day; on failure keeps what was shown and says so. */
  async refresh() {
    try {
      this.today = await this.get('/api/me/today/');
      this.todayError = null;
    } catch (err) {
      this.todayError = err;
    }
    this.changed('today');
    exposeForTests({ todayLoadedAt: Date.now() });
  }

  refreshSoon() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), 250);
  }

  onLive(changes) {
    if (changes.some((c) => RECORDS.has(c.record) || c.layer === 'events')) this.refreshSoon();
  }

  onOutbox({ type, item, result }) {
    if (type === 'sent' && item.kind !== 'positions') this.refreshSoon();
    // Position batches go every few seconds: only a refusal of one is worth a word.
    const quiet = item && item.kind === 'positions' && type === 'sent';
    if ((type === 'sent' || type === 'refused') && item && !this.awaited(item) && !quiet) {
      // Sent later (after the network came back): say so, the person may have left that screen.
      const what = kindLabel(item);
      this.toast(type === 'sent' ? `${what} ✓` : `${what}：${messageOf(result)}`, type === 'refused');
    }
    if (type === 'changed' || type === 'added' || type === 'retry') this.changed('outbox');
  }

  awaited(item) {
    return this.waiting && this.waiting.has(item.seq);
  }

  /**
   * Queues one write and tries to send it now. Resolves {state: 'sent', body} | {state:
   * 'refused', message, status} | {state: 'queued'} (kept for later: offline or server busy).
   */
  async write(spec) {
    this.waiting = this.waiting || new Map();
    const item = await this.outbox.add(spec);
    let outcome = null;
    this.waiting.set(item.seq, true);
    const off = this.outbox.subscribe((e) => {
      if (!e.item || e.item.seq !== item.seq) return;
      if (e.type === 'sent') outcome = { state: 'sent', body: e.result.body, status: e.result.status };
      if (e.type === 'refused') outcome = { state: 'refused', message: messageOf(e.result), status: e.result.status };
    });
    try {
      await this.outbox.flush();
      if (!outcome) await this.outbox.flush(); // a run already under way may have ended before this item
    } finally {
      off();
      this.waiting.delete(item.seq);
    }
    if (outcome && outcome.state === 'refused') await this.outbox.dismissRefused(item.seq); // shown here, not in the list
    return outcome || { state: 'queued', item };
  }

  toast(text, bad = false) {
    this.toasts.push({ text, bad, at: Date.now() });
    this.changed('toast');
  }

  /** The phone's position now (one fix), as {lon, lat, accuracy_m}. */
  position({ timeout = 15000 } = {}) {
    return new Promise((resolve, reject) => {
      if (!navigator.geolocation) {
        reject(new Error(t('phone.positionFailed')));
        return;
      }
      navigator.geolocation.getCurrentPosition(
        (p) => resolve({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy_m: Math.round(p.coords.accuracy * 10) / 10 }),
        (err) => reject(new Error(err && err.message ? err.message : t('phone.positionFailed'))),
        { enableHighAccuracy: true, timeout, maximumAge: 10000 },
      );
    });
  }
}

export function kindLabel(item) {
  if (item.kind === 'positions') return t('phone.kind.positions').replace('{n}', String((item.meta && item.meta.n) || ''));
  const base = t(`phone.kind.${item.kind}`);
  return item.label ? `${base} · ${item.label}` : base;
}
