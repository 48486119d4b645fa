// Page layout shared by the map pages: side panels scale with the screen, the map canvas never does,
// and the camera's padding follows the panels so "the centre" is the visible centre.

/** Side panels are designed for 1080 px of height: scale them, never the map canvas. */
export function uiScale(width, height) {
  return Math.max(0.5, Math.min(width / 1920, height / 1080, 2.5));
}

/** Keeps the CSS variable --ui-scale in step with the window size. */
export function watchUiScale() {
  const apply = () => document.documentElement.style.setProperty('--ui-scale', String(uiScale(window.innerWidth, window.innerHeight)));
  apply();
  window.addEventListener('resize', apply);
}

/** Keeps the map's camera padding equal to the side panels (the top-left and top-right controls). */
export function fitPanels(map) {
  const container = map.getContainer();
  const measure = () => {
    const left = container.querySelector('.maplibregl-ctrl-top-left');
    const right = container.querySelector('.maplibregl-ctrl-top-right');
    const box = container.getBoundingClientRect();
    // A column as wide as the map is a phone's bottom sheet over it (shell/sheets.js), not a column
    // beside it: no padding for it.
    const beside = (el) => el && el.children.length && el.getBoundingClientRect().width < box.width;
    const l = beside(left) ? left.getBoundingClientRect().right - box.left : 0;
    const r = beside(right) ? box.right - right.getBoundingClientRect().left : 0;
    map.setPadding({ top: 0, bottom: 0, left: Math.max(0, Math.round(l)), right: Math.max(0, Math.round(r)) });
  };
  requestAnimationFrame(measure);
  window.addEventListener('resize', () => requestAnimationFrame(measure));
  return measure;
}
