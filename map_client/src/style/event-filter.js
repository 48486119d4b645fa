// Closed, dismissed and archived events stay off the wall unless asked for: a filter on the
// events layer's map layers (points and labels), combined with any filter the style already has.
import { mapLayerIdsOf } from './layers.js';

export const OPEN_STATUSES = ['reported', 'verified', 'responding', 'recovering'];
const OPEN_FILTER = ['in', ['get', 'status'], ['literal', OPEN_STATUSES]];
const originals = new WeakMap();

export function isOpenStatus(status) {
  return OPEN_STATUSES.includes(status);
}

/** The filter a layer gets: its own, narrowed to open events unless `showClosed`. */
export function eventFilter(own, showClosed) {
  if (showClosed) return own || null;
  return own ? ['all', own, OPEN_FILTER] : OPEN_FILTER;
}

export function applyEventFilter(map, showClosed, layerId = 'events') {
  if (!originals.has(map)) originals.set(map, {});
  const own = originals.get(map);
  for (const id of mapLayerIdsOf(map.getStyle(), layerId)) {
    if (!(id in own)) own[id] = map.getFilter(id) || null;
    map.setFilter(id, eventFilter(own[id], showClosed));
  }
}
