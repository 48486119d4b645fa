// The command map (/command/<event_id>/): centred on the event, with 500 m / 1 km / 3 km rings and
// the nearest resources, shelters, cameras, enterprises and hazards listed by server-side distance.
// The shared setup is in shell/mount.js.
import '../css/base.css';
import '../css/wall.css';
import '../css/command.css';
import { api } from '../core/api.js';
import { lang, t } from '../core/i18n.js';
import { maplibregl } from '../core/map.js';
import { ringLabelPoints, ringsFeatureCollection } from '../core/rings.js';
import { EventCardControl } from '../controls/event-card.js';
import { LayerPanelControl } from '../controls/layer-panel.js';
import { NearbyControl } from '../controls/nearby.js';
import { loadFailedMessage } from '../shell/banner.js';
import { mountMapPage } from '../shell/mount.js';
import { LABEL_FONT } from '../style/layers.js';

const DEFAULT_RINGS = [500, 1000, 3000];

function addRings(map, center, radii) {
  map.addSource('rings', { type: 'geojson', data: ringsFeatureCollection(center, radii, lang()) });
  map.addSource('ring-labels', { type: 'geojson', data: ringLabelPoints(center, radii, lang()) });
  map.addSource('event-centre', { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: center } } });
  const colour = ['match', ['get', 'radius'], 500, '#ff3b3b', 1000, '#ff9f1a', '#ffd23f'];
  map.addLayer({ id: 'rings-fill', type: 'fill', source: 'rings', paint: { 'fill-color': colour, 'fill-opacity': 0.06 } }, firstPointLayer(map));
  map.addLayer({ id: 'rings-line', type: 'line', source: 'rings', paint: { 'line-color': colour, 'line-width': 2, 'line-dasharray': [3, 2] } }, firstPointLayer(map));
  map.addLayer({ id: 'rings-label', type: 'symbol', source: 'ring-labels',
    layout: { 'text-field': ['get', 'label'], 'text-font': LABEL_FONT, 'text-size': 14, 'text-allow-overlap': true, 'text-anchor': 'bottom' },
    paint: { 'text-color': colour, 'text-halo-color': '#000', 'text-halo-width': 1.5 } });
  map.addLayer({ id: 'event-centre', type: 'circle', source: 'event-centre',
    paint: { 'circle-radius': 14, 'circle-color': 'rgba(255,59,59,0.25)', 'circle-stroke-color': '#ff3b3b', 'circle-stroke-width': 3 } });
}

function fitRings(map, center, radii) {
  const outer = ringsFeatureCollection(center, [Math.max(...radii)]).features[0].geometry.coordinates[0];
  const bounds = outer.reduce((b, c) => b.extend(c), new maplibregl.LngLatBounds(outer[0], outer[0]));
  map.fitBounds(bounds, { padding: 30, duration: 0 });
}

function firstPointLayer(map) {
  const layer = map.getStyle().layers.find((l) => l.type === 'circle');
  return layer && layer.id;
}

const centreOf = (nearby) => nearby.event.geometry.coordinates;
const radiiOf = (nearby) => nearby.rings || DEFAULT_RINGS;

mountMapPage({
  subtitle: 'commandTitle',
  load: (config) => api.nearby(config.eventId, 3000, 10),
  failure: (err) => ([401, 403, 404].includes(err.status) ? t('eventNotFound') : loadFailedMessage(err)),
  mapOptions: ({ data }) => ({ center: centreOf(data), zoom: 14 }),
  onLoad: ({ map, data }) => {
    addRings(map, centreOf(data), radiiOf(data));
    fitRings(map, centreOf(data), radiiOf(data));
  },
  controls: ({ map, layers, data, popups }) => [
    [new EventCardControl(layers.find((l) => l.id === 'events'), data.event, radiiOf(data)), 'top-left'],
    [new LayerPanelControl(layers, { persist: false }), 'top-left'],
    [new NearbyControl(data.nearby, {
      language: lang(),
      onSelect: (layerId, item) => {
        map.flyTo({ center: [item.lon, item.lat], zoom: Math.max(map.getZoom(), 16) });
        map.once('moveend', () => popups.openById(layerId, item.id));
      },
    }), 'top-right'],
  ],
  expose: ({ data }) => ({ command: { event: data.event, nearby: data, center: centreOf(data), radii: radiiOf(data) } }),
});
