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

  let waiting = null; // an openById still waiting for its feature to be drawn
  for (const layer of layers) {
    router.add(layer.id, (feature, e) => {
      if (waiting) waiting(false); // the user's click wins over a popup still on its way
      open(layer, feature, e.lngLat);
    }, priorityFor(layer));
  }
  router.setFallback(() => {
    if (popup) popup.remove();
  });

  function openIfDrawn(layerId, id) {
    const layer = byId.get(layerId);
    if (!layer || !map.getSource(layerId)) return false;
    const ids = map.getStyle().layers.filter((l) => l.metadata && l.metadata['onemap:layer'] === layerId && l.type !== 'symbol').map((l) => l.id);
    const hit = map.queryRenderedFeatures({ layers: ids }).find((f) => String(f.id) === String(id));
    if (!hit) return false;
    open(layer, hit, hit.geometry.type === 'Point' ? hit.geometry.coordinates : map.getCenter());
    return true;
  }

  /**
   * Opens the popup of a feature by layer and id (after a search, a list entry or a link). After a
   * fly-to or a live refresh its tiles may still be loading: then it tries again each time the map
   * settles, for up to `within` ms. Resolves to whether the popup opened.
   */
  function openById(layerId, id, { within = 5000 } = {}) {
    if (openIfDrawn(layerId, id)) return Promise.resolve(true);
    if (!within || !byId.has(layerId)) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (opened) => {
        waiting = null;
        map.off('idle', retry);
        clearTimeout(timer);
        resolve(opened);
      };
      const retry = () => {
        if (openIfDrawn(layerId, id)) finish(true);
      };
      if (waiting) waiting(false);
      waiting = finish;
      const timer = setTimeout(() => finish(openIfDrawn(layerId, id)), within);
      map.on('idle', retry);
      map.triggerRepaint();
    });
  }

  return { open, openById, layers: byId };
}
