// A new event announces itself on the map: a pulsing ring at its place (a DOM marker animated by
// CSS, so the map does not repaint for it) that stays for a minute or until clicked.
import { maplibregl } from '../core/map.js';
import { h } from '../core/dom.js';

export const PULSE_MS = 60000;

export function pulseAt(map, lngLat, { id, colour = '#ff3b3b', lasting = PULSE_MS } = {}) {
  const el = h('div.event-pulse', { dataset: { event: id ?? '' }, style: { '--pulse': colour } }, h('span.event-pulse-ring'), h('span.event-pulse-ring.second'));
  const marker = new maplibregl.Marker({ element: el }).setLngLat(lngLat).addTo(map);
  const remove = () => marker.remove();
  el.addEventListener('click', remove);
  setTimeout(remove, lasting);
  return marker;
}
