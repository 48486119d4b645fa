// The replay's own map layers: the event, responders' positions at the current instant (with
// their names) and the reports received so far. GeoJSON sources replaced on every seek.
import { LABEL_FONT } from '../style/layers.js';

export const POSITIONS = 'replay-positions';
export const REPORTS = 'replay-reports';
export const EVENT = 'replay-event';

const empty = () => ({ type: 'FeatureCollection', features: [] });

export function positionsCollection(state) {
  return {
    type: 'FeatureCollection',
    features: (state.positions || []).map((p) => ({
      type: 'Feature', id: p.responder, properties: { name: p.name, responder: p.responder, recorded_at: p.recorded_at },
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    })),
  };
}

export function reportsCollection(state) {
  return {
    type: 'FeatureCollection',
    features: (state.reports || []).filter((r) => r.lon != null && r.lat != null).map((r) => ({
      type: 'Feature', id: r.id, properties: { kind: r.kind }, geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    })),
  };
}

export function addReplayLayers(map, outline) {
  map.addSource(EVENT, { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [outline.lon, outline.lat] } } });
  map.addSource(REPORTS, { type: 'geojson', data: empty() });
  map.addSource(POSITIONS, { type: 'geojson', data: empty() });
  map.addLayer({ id: EVENT, type: 'circle', source: EVENT,
    paint: { 'circle-radius': 14, 'circle-color': 'rgba(255,59,59,0.25)', 'circle-stroke-color': '#ff3b3b', 'circle-stroke-width': 3 } });
  map.addLayer({ id: REPORTS, type: 'circle', source: REPORTS,
    paint: { 'circle-radius': 6, 'circle-color': '#f0883e', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
  map.addLayer({ id: POSITIONS, type: 'circle', source: POSITIONS,
    paint: { 'circle-radius': 7, 'circle-color': '#2f81f7', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
  map.addLayer({ id: `${POSITIONS}-label`, type: 'symbol', source: POSITIONS,
    layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 13, 'text-offset': [0, 1.2], 'text-anchor': 'top' },
    paint: { 'text-color': '#fff', 'text-halo-color': '#0b1f3a', 'text-halo-width': 1.5 } });
}

export function drawState(map, state) {
  map.getSource(POSITIONS)?.setData(positionsCollection(state));
  map.getSource(REPORTS)?.setData(reportsCollection(state));
}
