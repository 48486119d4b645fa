// Wires the registry layers to the click router: a click on a feature opens its popup and marks it
// selected. Shared by the wall and the command map.
import { maplibregl } from '../core/map.js';
import { lang } from '../core/i18n.js';
import { popupContent } from './popup.js';
import { priorityFor } from './router.js';

export function attachFeaturePopups(map, router, layers, highlighter) {
  const byId = new Map(layers.map((l) => [l.id, l]));
  let popup = null;

  function open(layer, feature, lngLat) {
    if (popup) popup.remove();
    const at = feature.geometry && feature.geometry.type === 'Point' ? feature.geometry.coordinates : lngLat;
    popup = new maplibregl.Popup({ maxWidth: '380px', className: 'onemap-popup', focusAfterOpen: false })
      .setLngLat(at)
      .setDOMContent(popupContent(layer, feature, lang()))
      .addTo(map);
    highlighter.setSelected(feature);
    popup.on('close', () => highlighter.setSelected(null));
    return popup;
  }

  for (const layer of layers) {
    router.add(layer.id, (feature, e) => open(layer, feature, e.lngLat), priorityFor(layer));
  }
  router.setFallback(() => {
    if (popup) popup.remove();
  });

  /** Opens the popup of a feature by layer and id once it is drawn (after a search or a link). */
  function openById(layerId, id) {
    const layer = byId.get(layerId);
    if (!layer || !map.getSource(layerId)) return false;
    const ids = map.getStyle().layers.filter((l) => l.metadata && l.metadata['onemap:layer'] === layerId && l.type !== 'symbol').map((l) => l.id);
    const hit = map.queryRenderedFeatures({ layers: ids }).find((f) => String(f.id) === String(id));
    if (!hit) return false;
    open(layer, hit, hit.geometry.type === 'Point' ? hit.geometry.coordinates : map.getCenter());
    return true;
  }

  return { open, openById, layers: byId };
}
