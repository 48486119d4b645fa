// Shelters opened for this event with people inside and room left; a full one says 已满.
// From the board, or from /api/events/{id}/shelters/ (the shelters app) when there is no board.
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { Panel, empty } from './panel.js';

/** One shape for both sources: board {id: shelter, opening, name, occupancy} and the shelters API
 * {id: opening, shelter: {name}, occupants}; `id` is the opening's either way. */
export function normaliseShelter(s) {
  const occupancy = s.occupancy ?? s.occupants ?? 0;
  const capacity = s.capacity ?? 0;
  return {
    id: s.opening ?? s.id, name: s.name || (s.shelter && s.shelter.name) || '', capacity, occupancy,
    remaining: s.remaining ?? Math.max(0, capacity - occupancy), full: s.full ?? occupancy >= capacity,
    open: s.open !== false, lon: s.lon ?? s.shelter?.lon, lat: s.lat ?? s.shelter?.lat,
  };
}

export class SheltersPanel extends Panel {
  constructor({ onSelect }) {
    super('shelters', 'cmdShelters');
    this.onSelect = onSelect;
  }

  update(list) {
    const shelters = (list || []).map(normaliseShelter).filter((s) => s.open);
    this.fill(shelters.length ? h('ul.cmd-list', {}, shelters.map((s) => h(`li.cmd-item.shelter${s.full ? '.full' : ''}`, {
      dataset: { id: s.id, remaining: s.remaining, full: s.full ? '1' : '0' }, onclick: () => this.onSelect(s),
    },
    h('span.cmd-name', { text: s.name }),
    h('span.cmd-meta', { text: `${s.occupancy}/${s.capacity}` }),
    s.full ? h('span.cmd-badge.alert', { text: t('cmdFull') }) : h('span.cmd-badge.ok', { text: `${t('cmdRemaining')} ${s.remaining}` })))) : empty('cmdNoShelters'), shelters.length);
  }
}
