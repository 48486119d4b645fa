// One click router: every click on the map goes to exactly one handler, chosen by layer priority
// (points over polygons, events over everything), never to every layer listening.
import { groupRank } from '../style/groups.js';

const POINTS = /Point/;

/** Default priority of a registry layer: points before polygons, then by stacking group. */
export function priorityFor(layer) {
  return (POINTS.test(layer.geometry_type || '') ? 1000 : 0) + groupRank(layer.group) * 10;
}

/** The registry layer (or plain source) a rendered feature belongs to. */
export function keyOf(feature) {
  const meta = feature.layer && feature.layer.metadata;
  return (meta && meta['onemap:layer']) || feature.source;
}

/**
 * Picks the one handler for a click. `handlers` is a list of `{keys: Set|'*', priority, handle}`;
 * `features` is what queryRenderedFeatures returned (topmost first). Highest priority wins; on a
 * tie, the feature drawn on top. Returns `{entry, feature}` or null.
 */
export function route(features, handlers) {
  let best = null;
  features.forEach((feature, order) => {
    const key = keyOf(feature);
    for (const entry of handlers) {
      if (entry.keys !== '*' && !entry.keys.has(key)) continue;
      const priority = typeof entry.priority === 'function' ? entry.priority(key) : entry.priority;
      if (!best || priority > best.priority || (priority === best.priority && order < best.order)) {
        best = { entry, feature, priority, order };
      }
    }
  });
  return best && { entry: best.entry, feature: best.feature };
}

export class ClickRouter {
  constructor(map, { tolerance = 5 } = {}) {
    this.map = map;
    this.tolerance = tolerance;
    this.handlers = [];
    this.fallback = null;
    this.enabled = true;
    this.onClick = (e) => this.dispatch(e);
    map.on('click', this.onClick);
  }

  /** keys: a registry layer id, a list of them, or '*'. */
  add(keys, handle, priority = 0) {
    const set = keys === '*' ? '*' : new Set(Array.isArray(keys) ? keys : [keys]);
    this.handlers.push({ keys: set, handle, priority });
    return this;
  }

  setFallback(handle) {
    this.fallback = handle;
    return this;
  }

  queryAt(point) {
    const r = this.tolerance;
    const box = [[point.x - r, point.y - r], [point.x + r, point.y + r]];
    return this.map.queryRenderedFeatures(box);
  }

  /** Ignores clicks for a moment (the click that finished a drawing is not a feature click). */
  suppress(ms = 400) {
    this.suppressedUntil = Date.now() + ms;
  }

  dispatch(e) {
    if (!this.enabled || (this.suppressedUntil && Date.now() < this.suppressedUntil)) return null;
    const hit = route(this.queryAt(e.point), this.handlers);
    if (hit) hit.entry.handle(hit.feature, e);
    else if (this.fallback) this.fallback(e);
    return hit;
  }
}
