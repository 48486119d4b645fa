// Responders on the map and in a list: their last position (board.responders) and whether they have
// checked in on site (到场签到). The registry's personnel_positions layer shows everyone (off at first
// on the command view, one click away); this layer draws the people of this event — within the outer
// ring or checked in — green once checked in.
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { LABEL_FONT } from '../style/layers.js';
import { when } from './format.js';
import { Panel, empty } from './panel.js';

const SOURCE = 'cmd-responders';

export function respondersCollection(responders) {
  return {
    type: 'FeatureCollection',
    features: (responders || []).filter((r) => Number.isFinite(r.lon) && Number.isFinite(r.lat)).map((r) => ({
      type: 'Feature', id: r.id, geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      properties: { id: r.id, name: r.name, checked_in: !!r.checked_in },
    })),
  };
}

/** Zoom from which every responder is named; below it only those checked in on site are, so the
 * first view around the event (zoom ~13.5) is not a mass of names (the list has them all). */
export const ALL_NAMES_ZOOM = 15;

/** The label's text: checked-in responders always, everyone from ALL_NAMES_ZOOM, else none. */
export function responderLabel(zoom = ALL_NAMES_ZOOM) {
  return ['step', ['zoom'], ['case', ['get', 'checked_in'], ['get', 'name'], ''], zoom, ['get', 'name']];
}

export function addResponderLayer(map) {
  map.addSource(SOURCE, { type: 'geojson', data: respondersCollection([]) });
  map.addLayer({ id: 'cmd-responders', type: 'circle', source: SOURCE,
    paint: { 'circle-radius': 8, 'circle-color': ['case', ['get', 'checked_in'], '#2ee59d', '#9aa8b8'],
      'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
  map.addLayer({ id: 'cmd-responders-label', type: 'symbol', source: SOURCE,
    layout: { 'text-field': responderLabel(), 'text-font': LABEL_FONT, 'text-size': 13, 'text-offset': [0, 1.3], 'text-anchor': 'top' },
    paint: { 'text-color': '#e8fff4', 'text-halo-color': '#000', 'text-halo-width': 1.5 } });
}

/** Puts the responders on the map (the board's list). */
export function showResponders(map, responders) {
  const source = map.getSource(SOURCE);
  if (source) source.setData(respondersCollection(responders));
}

export class RespondersPanel extends Panel {
  constructor({ map, onSelect }) {
    super('responders', 'cmdResponders');
    this.map = map;
    this.onSelect = onSelect;
  }

  update(board) {
    const responders = board.responders || [];
    showResponders(this.map, responders);
    const checked = responders.filter((r) => r.checked_in).length;
    this.fill(responders.length ? h('ul.cmd-list', {}, responders.map((r) => h('li.cmd-item.responder', {
      dataset: { id: r.id, checkedIn: r.checked_in ? '1' : '0' }, onclick: () => this.onSelect(r),
    },
    h('span.cmd-name', { text: r.name }),
    h(`span.cmd-badge${r.checked_in ? '.ok' : ''}`, { text: t(r.checked_in ? 'cmdCheckedIn' : 'cmdNotCheckedIn') }),
    h('span.cmd-meta', { text: when(r.recorded_at) })))) : empty(), `${checked}/${responders.length}`);
  }
}
