// 附近: a small map of our own layers (no web tiles) around the phone, and the nearest shelters,
// warehouses with their stock, resources and cameras, distances from the server (PostGIS).
import { h } from '../../core/dom.js';
import { t } from '../../core/i18n.js';
import { createMap } from '../../core/map.js';
import { buildStyle } from '../../style/build.js';
import { card, empty, fill } from './common.js';

const MAP_LAYERS = ['districts', 'shelters', 'warehouses', 'resources', 'cameras'];
const LISTS = ['shelters', 'warehouses', 'resources', 'cameras'];
const RADIUS_M = 2000;

function addMe(map, here) {
  map.addSource('phone-me', { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [here.lon, here.lat] } } });
  map.addLayer({ id: 'phone-me', type: 'circle', source: 'phone-me',
    paint: { 'circle-radius': 9, 'circle-color': '#2f8cff', 'circle-stroke-color': '#fff', 'circle-stroke-width': 3 } });
}

function list(layerId, rows) {
  return card(t(`phone.layer.${layerId}`), rows && rows.length
    ? h('ul.phone-list', { dataset: { layer: layerId } }, rows.map((r) => h('li.phone-row', { dataset: { id: r.id } },
      h('span.phone-row-title', { text: r.title }),
      h('span.phone-distance', { text: fill('phone.metres', { d: Math.round(r.distance_m) }) }),
      r.detail ? h('span.phone-row-meta', { text: layerId === 'shelters' ? fill('phone.capacity', { n: r.detail }) : r.detail }) : null)))
    : empty(fill('phone.noneNear', { r: RADIUS_M })));
}

export function renderNearby(app, container) {
  const mapBox = h('div.phone-map', { id: 'phone-map' });
  const where = h('p.phone-position', { text: t('phone.positionUnknown') });
  const lists = h('div.phone-lists');
  container.append(card(t('phone.nearMe'), where, mapBox), lists);
  let map = null;
  (async () => {
    let here;
    try {
      here = await app.position();
    } catch (err) {
      where.textContent = `${t('phone.positionFailed')}（${err.message}）`;
      return;
    }
    where.textContent = `${here.lon.toFixed(5)}, ${here.lat.toFixed(5)} · ${fill('phone.accuracy', { m: Math.round(here.accuracy_m) })}`;
    const [layers, near] = await Promise.all([
      app.get('/api/layers/').then((b) => b.layers.filter((l) => MAP_LAYERS.includes(l.id))).catch(() => []),
      app.get(`/api/me/nearby/?lon=${here.lon}&lat=${here.lat}&radius=${RADIUS_M}`).catch((err) => ({ error: err })),
    ]);
    if (!container.isConnected) return;
    if (layers.length) {
      const style = buildStyle(layers, { origin: window.location.origin, basemap: app.config.basemap });
      map = createMap(mapBox, style, { center: [here.lon, here.lat], zoom: 14.5, onLoad: (m) => addMe(m, here) });
    }
    lists.replaceChildren(...(near.error
      ? [empty(t('phone.offlineCached'))]
      : LISTS.filter((id) => id in near.nearby).map((id) => list(id, near.nearby[id]))));
  })();
  return { destroy: () => map && map.remove(), keep: true };
}
