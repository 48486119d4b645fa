// Live edits: the WebSocket /ws/changes/ pushes {seq, layer, id, action}; while it is not open we
// poll /api/changes/?after=<seq> every 2 s. Each changed layer's tiles are refetched (batched).
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

export class LiveChanges {
  constructor({ onChanges = () => {}, pollEvery = 2000, batchEvery = 300, socketUrl } = {}) {
    this.onChanges = onChanges;
    this.pollEvery = pollEvery;
    this.batchEvery = batchEvery;
    this.socketUrl = socketUrl || `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws/changes/`;
    this.seq = null;
    this.queue = [];
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
        this.accept([JSON.parse(msg.data)]);
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

  async poll() {
    if (this.polling || this.seq === null) return;
    this.polling = true;
    try {
      const body = await api.changes(this.seq);
      this.accept(body.changes || []);
      if (Number.isFinite(body.last_seq)) this.seq = Math.max(this.seq, body.last_seq);
    } catch {
      /* the next poll tries again */
    } finally {
      this.polling = false;
    }
  }

  accept(changes) {
    const fresh = changes.filter((c) => c && c.layer && (this.seen === undefined || c.seq > this.seen));
    if (!fresh.length) return;
    for (const c of fresh) {
      this.seen = Math.max(this.seen ?? 0, c.seq || 0);
      if (Number.isFinite(c.seq)) this.seq = Math.max(this.seq ?? 0, c.seq);
    }
    this.queue.push(...fresh);
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(), this.batchEvery);
  }

  flush() {
    const batch = this.queue;
    this.queue = [];
    if (batch.length) this.onChanges(batch);
  }

  stop() {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.retry);
    if (this.socket) this.socket.close();
  }
}

/** Wires changes to a map: each changed layer's source refreshed once per batch. */
export function refreshOnChanges(map, extra = () => {}) {
  return (changes) => {
    const layers = new Set(changes.map((c) => c.layer));
    const version = Math.max(...changes.map((c) => c.seq || 0)) || Date.now();
    const sourceIds = Object.keys(map.getStyle().sources);
    for (const layerId of layers) {
      for (const id of sourceIds) if (id === layerId || id.startsWith(`${layerId}--`)) refreshVectorSource(map, id, version);
    }
    extra(changes, layers);
  };
}
