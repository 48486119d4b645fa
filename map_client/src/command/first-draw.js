// What the command map's first draw waits for, and what it does not (issue 10: the command view
// within 1.2× of the wall's time to first idle, bench/command_view.py). The event and its rings come
// with the page (the server read the event anyway to decide access), so the map is made as soon as
// /api/layers/ answers, like the wall. The nearest lists (/api/events/{id}/nearby/) and the board
// (/api/events/{id}/board/) are asked for at the same moment: the nearest lists fill their panel
// when they come; the board's responders are drawn on the map in its first frame (one request
// instead of the personnel layer's tiles), its panels after the first idle, with the cameras and the
// warehouses' stock, so their drawing does not hold up the first frame.

const quiet = (promise) => {
  promise.catch(() => {}); // a failure is shown by whoever waits for it, not as an unhandled rejection
  return promise;
};

/**
 * The view's own data for mountMapPage: `{event, rings, nearby, board}` at once, where `nearby` and
 * `board` are the promises of `askNearby(eventId)` and `askBoard(eventId)`, never awaited here.
 * Rejects like an API refusal when the page says why the map may not be shown, or has no event.
 */
export function commandData(config, askNearby, askBoard) {
  if (config.denied) return Promise.reject({ status: 403, denied: config.denied });
  if (!config.event || !config.event.geometry) return Promise.reject({ status: 404 });
  return Promise.resolve({
    event: config.event,
    rings: config.rings && config.rings.length ? config.rings : null,
    nearby: quiet(Promise.resolve().then(() => askNearby(config.eventId))),
    board: quiet(Promise.resolve().then(() => askBoard(config.eventId))),
  });
}

/**
 * The board loader for BoardFeed: its first load is the board asked for with the page (`first`),
 * later ones (live changes, a sent form) ask again.
 */
export function boardLoader(first, ask) {
  let pending = first;
  return () => {
    if (pending) {
      const board = pending;
      pending = null;
      return board;
    }
    return ask();
  };
}

/** The highest zoom of the first view. The 3 km ring fits a 1080 px high map at ~13.4, which is
 * drawn from z13 tiles: twelve per layer at 1920×1080. Just under 13 the same view (the ring then
 * fills three quarters of the height) is drawn from z12 tiles, the wall's, half as many; one step
 * of the wheel gets the closer view. */
export const FIRST_VIEW_MAX_ZOOM = 12.99;

/**
 * A panel whose content arrives after the map is made. It holds its place in its column (the
 * columns keep their order, the camera's padding is measured once) with a hidden element, and
 * swaps the real control in when `fill(control)` is called.
 */
export class LateControl {
  constructor({ placeholder = () => Object.assign(document.createElement('div'), { hidden: true }) } = {}) {
    this.placeholder = placeholder;
    this.control = null;
  }

  onAdd(map) {
    this.map = map;
    this.el = this.control ? this.control.onAdd(map) : this.placeholder();
    return this.el;
  }

  fill(control) {
    if (!this.map) { // not on the map yet: onAdd shows it
      this.control = control;
      return null;
    }
    const el = control.onAdd(this.map);
    if (this.control && this.control.onRemove) this.control.onRemove(this.map);
    if (this.el && this.el.replaceWith) this.el.replaceWith(el);
    this.el = el;
    this.control = control;
    return el;
  }

  onRemove() {
    if (this.control && this.control.onRemove) this.control.onRemove(this.map);
    else if (this.el && this.el.remove) this.el.remove();
  }
}

