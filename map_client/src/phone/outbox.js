// The phone's one outbox: every write (report with its photos, check-in, acknowledgement, task
// transition, position samples) is stored in IndexedDB first, with a client-made id, and sent from
// here in the order it was made. An item leaves the outbox only when the server has answered it:
// a network failure (or a 5xx, 408, 429) keeps it and stops the run, so nothing overtakes it; the
// next run sends it again with the same id and the server answers a replay with the original
// result (geo_api/idempotency), so each write happens exactly once. A refusal (another 4xx) is
// final: the item moves to `refused` with the server's message so the person sees why.
import { openDB } from 'idb';

export const DB_NAME = 'onemap-phone';
const VERSION = 1;
const QUEUE = 'outbox';
const REFUSED = 'refused';
const LOCK = 'onemap-phone-outbox';

/** Statuses worth another try later: the request may not have reached the server or it was busy. */
export function isTransient(status) {
  return status === 0 || status === 408 || status === 425 || status === 429 || status >= 500;
}

export function newClientId() {
  if (globalThis.crypto && typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  // Insecure origins (plain http on a LAN address) have no randomUUID: same shape from getRandomValues.
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function openOutboxDB(name = DB_NAME) {
  return openDB(name, VERSION, {
    upgrade(db) {
      db.createObjectStore(QUEUE, { keyPath: 'seq', autoIncrement: true });
      db.createObjectStore(REFUSED, { keyPath: 'seq' });
    },
  });
}

export class Outbox {
  /**
   * @param db - from openOutboxDB()
   * @param send - async (item) => ({status, body}); throws when the network fails
   * @param user - the signed-in user's id: only their items are sent (a shared phone keeps another
   *   person's queue until they sign in again)
   */
  constructor(db, { send, user = null, now = () => new Date() } = {}) {
    this.db = db;
    this.send = send;
    this.user = user;
    this.now = now;
    this.listeners = new Set();
    this.running = null;
  }

  static async open({ name = DB_NAME, ...options } = {}) {
    return new Outbox(await openOutboxDB(name), options);
  }

  /** Calls `listener({type, item, result})` on added / sent / refused / retry / changed. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(type, item = null, result = null) {
    for (const listener of this.listeners) {
      try {
        listener({ type, item, result });
      } catch (err) {
        console.warn('outbox listener:', err);
      }
    }
  }

  /**
   * Stores one write. `request` = {method, url, json} or {method, url, form: {fields, files:
   * [{field, blob, name}]}}; `clientId` is set into the JSON body or form when `idField` is given
   * (the endpoints that take `client_id`) and always travels as the Idempotency-Key header.
   */
  async add({ kind, label = '', request, idField = 'client_id', clientId = newClientId(), meta = {} }) {
    const req = { method: 'POST', ...request };
    if (idField && req.json && typeof req.json === 'object' && !Array.isArray(req.json)) req.json = { ...req.json, [idField]: clientId };
    if (idField && req.form) req.form = { ...req.form, fields: { ...req.form.fields, [idField]: clientId } };
    const item = { kind, label, request: req, clientId, meta, user: this.user, createdAt: this.now().toISOString(), attempts: 0, lastError: '' };
    item.seq = await this.db.add(QUEUE, item);
    this.emit('added', item);
    return item;
  }

  async list() {
    return this.db.getAll(QUEUE); // by seq: the order they were made
  }

  async count() {
    return this.db.count(QUEUE);
  }

  async refused() {
    return this.db.getAll(REFUSED);
  }

  async dismissRefused(seq) {
    await this.db.delete(REFUSED, seq);
    this.emit('changed');
  }

  /**
   * Sends what is waiting, oldest first, until the queue is empty or a send fails for now.
   * One run at a time per page (and per browser where Web Locks exist: two tabs must not send the
   * same item at once). Resolves {sent, refused, waiting}.
   */
  flush() {
    if (this.running) return this.running;
    const run = async () => {
      try {
        return await this.withLock(() => this.drain());
      } finally {
        this.running = null;
      }
    };
    this.running = run();
    return this.running;
  }

  async withLock(fn) {
    const locks = globalThis.navigator && globalThis.navigator.locks;
    return locks ? locks.request(LOCK, fn) : fn();
  }

  async drain() {
    const done = { sent: 0, refused: 0, waiting: 0 };
    for (;;) {
      const item = await this.nextItem();
      if (!item) break;
      let result;
      try {
        result = await this.send(item);
      } catch (err) {
        await this.keep(item, String((err && err.message) || err));
        break;
      }
      if (result.status >= 200 && result.status < 300) {
        await this.db.delete(QUEUE, item.seq);
        done.sent += 1;
        this.emit('sent', item, result);
      } else if (isTransient(result.status) || result.status === 401) {
        // 401: signed out on this phone; the item waits for the person to sign in again.
        await this.keep(item, messageOf(result));
        break;
      } else {
        const tx = this.db.transaction([QUEUE, REFUSED], 'readwrite');
        await Promise.all([
          tx.objectStore(REFUSED).put({ ...item, status: result.status, message: messageOf(result), refusedAt: this.now().toISOString() }),
          tx.objectStore(QUEUE).delete(item.seq),
          tx.done,
        ]);
        done.refused += 1;
        this.emit('refused', item, result);
      }
    }
    done.waiting = await this.count();
    this.emit('changed');
    return done;
  }

  /** The oldest item of this user; another user's items stay where they are. */
  async nextItem() {
    let cursor = await this.db.transaction(QUEUE).store.openCursor();
    while (cursor) {
      if (this.user == null || cursor.value.user == null || cursor.value.user === this.user) return cursor.value;
      cursor = await cursor.continue();
    }
    return null;
  }

  async keep(item, error) {
    const stored = await this.db.get(QUEUE, item.seq);
    if (!stored) return;
    stored.attempts += 1;
    stored.lastError = error;
    await this.db.put(QUEUE, stored);
    this.emit('retry', stored);
  }
}

/** The server's message for a person (DomainError bodies carry `message` or `detail`). */
export function messageOf(result) {
  const body = result && result.body;
  if (body && typeof body === 'object') return String(body.message || body.detail || body.error || `HTTP ${result.status}`);
  if (typeof body === 'string' && body.length < 300) return body;
  return `HTTP ${result && result.status}`;
}
