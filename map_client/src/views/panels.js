// Keeps the map's camera padding equal to the side panels, so "the centre" is the visible centre.
export function fitPanels(map) {
  const container = map.getContainer();
  const measure = () => {
    const left = container.querySelector('.maplibregl-ctrl-top-left');
    const right = container.querySelector('.maplibregl-ctrl-top-right');
    const box = container.getBoundingClientRect();
    const l = left && left.children.length ? left.getBoundingClientRect().right - box.left : 0;
    const r = right && right.children.length ? box.right - right.getBoundingClientRect().left : 0;
    map.setPadding({ top: 0, bottom: 0, left: Math.max(0, Math.round(l)), right: Math.max(0, Math.round(r)) });
  };
  requestAnimationFrame(measure);
  window.addEventListener('resize', () => requestAnimationFrame(measure));
  return measure;
}
