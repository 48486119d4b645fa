// Live edits: the WebSocket /ws/changes/ pushes frames {changes: [{seq, layer, id, action}], last_seq}
// (coalesced by the server, at most one every 100 ms; action created / updated / deleted, or reload
// with no id after a bulk load); while it is not open we poll /api/changes/?after=<seq> every 2 s,
// which answers the same frame. Each changed layer's tiles are refetched (batched).
// Records that are not layers (instructions, field reports, tasks, check-ins) arrive in the same
// frames as {seq, record, id, action, event}; they are passed to onChanges unchanged and the page
// refetches what it shows.
import { api } from '../core/api.js';

const LATEST = 2 ** 31 - 1;

/** The tile URLs with a cache-busting `v` parameter replaced or added. */
export function bustTiles(tiles, version) {
  return tiles.map((url) => {
    const [base, query = ''] = url.split('?');
    const params = query.split('&').filter((p) => p && !p.startsWith('v='));
    params.push(`v=${version}`);
    return `${base}?${params.join('&')}`;
  });
}

/** Refetches the tiles of a vector source so edits show without a reload. */
export function refreshVectorSource(map, sourceId, version = Date.now()) {
  const source = map.getSource(sourceId);
  if (!source || typeof source.setTiles !== 'function' || !source.tiles) return false;
  source.setTiles(bustTiles(source.tiles, version));
  return true;
}

/** The socket URL, with an event's topic and a narrower set of layers when asked for. */
export function socketUrlFor(location, { event, layers } = {}) {
  const params = new URLSearchParams();
  if (event !== undefined && event !== null) params.append('event', String(event));
  if (layers && layers.length) params.set('layers', layers.join(','));
  const query = params.toString();
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/changes/${query ? `?${query}` : ''}`;
}

export class LiveChanges {
  constructor({ onChanges = () => {}, pollEvery = 2000, batchEvery = 300, socketUrl, event, layers } = {}) {
    this.onChanges = onChanges;
    this.pollEvery = pollEvery;
    this.batchEvery = batchEvery;
    this.socketUrl = socketUrl || socketUrlFor(window.location, { event, layers });
    this.seq = null;
    this.queue = [];
    this.seen = new Set();
    this.lastFlush = -Infinity;
    this.mode = 'poll';
    this.stopped = false;
  }

  async start() {
    try {
      this.seq = (await api.changes(LATEST)).last_seq || 0;
    } catch {
      this.seq = 0;
    }
    this.connect();
    this.pollTimer = setInterval(() => {
      if (this.mode !== 'socket') this.poll();
    }, this.pollEvery);
    return this;
  }

  connect() {
    if (this.stopped || typeof WebSocket === 'undefined') return;
    let socket;
    try {
      socket = new WebSocket(this.socketUrl);
    } catch {
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.mode = 'socket';
      this.poll(); // catch up on whatever happened while we were polling or offline
    };
    socket.onmessage = (msg) => {
      try {
        this.receive(JSON.parse(msg.data));
      } catch {
        /* not ours */
      }
    };
    socket.onclose = () => {
      this.mode = 'poll';
      if (!this.stopped) this.retry = setTimeout(() => this.connect(), 10000);
    };
    socket.onerror = () => socket.close();
  }

  /** A frame from the socket or the poll: {changes: [{seq, layer, id, action}], last_seq}. */
  receive(frame) {
    if (!frame || !Array.isArray(frame.changes)) return; // e.g. the answer to a subscribe message
    this.accept(frame.changes);
    if (Number.isFinite(frame.last_seq)) this.seq = Math.max(this.seq ?? 0, frame.last_seq);
  }

  async poll() {
    if (this.polling || this.seq === null) return;
    this.polling = true;
    try {
      this.receive(await api.changes(this.seq));
    } catch {
      /* the next poll tries again */
    } finally {
      this.polling = false;
    }
  }

  /** Queues changes not seen yet (the socket and the catch-up poll overlap); `reload` has no seq. */
  accept(changes) {
    const fresh = changes.filter((c) => c && (c.layer || c.record) && (c.action === 'reload' || !this.seen.has(c.seq)));
    if (!fresh.length) return;
    for (const c of fresh) {
      if (!Number.isFinite(c.seq)) continue;
      this.seen.add(c.seq);
      this.seq = Math.max(this.seq ?? 0, c.seq);
    }
    if (this.seen.size > 5000) this.seen = new Set([...this.seen].slice(-2500));
    this.queue.push(...fresh);
    // At most one batch per `batchEvery`, the first at once: a steady stream of frames must not
    // postpone the refresh forever.
    if (this.flushTimer) return;
    const wait = Math.max(0, this.lastFlush + this.batchEvery - Date.now());
    this.flushTimer = setTimeout(() => this.flush(), wait);
  }

  flush() {
    this.flushTimer = null;
    this.lastFlush = Date.now();
    const batch = this.queue;
    this.queue = [];
    if (batch.length) this.onChanges(batch);
  }

  stop() {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.retry);
    clearTimeout(this.flushTimer);
    if (this.socket) this.socket.close();
  }
}

/** Wires changes to a map: each changed layer's source refreshed once per batch. */
export function refreshOnChanges(map, extra = () => {}) {
  return (changes) => {
    const layers = new Set(changes.filter((c) => c.layer).map((c) => c.layer));
    // A reload (bulk load) has no seq: the clock makes its tile URLs new.
    const reload = changes.some((c) => c.action === 'reload');
    const version = (!reload && Math.max(...changes.map((c) => c.seq || 0))) || Date.now();
    const sourceIds = Object.keys(map.getStyle().sources);
    for (const layerId of layers) {
      for (const id of sourceIds) if (id === layerId || id.startsWith(`${layerId}--`)) refreshVectorSource(map, id, version);
    }
    extra(changes, layers);
  };
}
