// The command map's event card: the event's attributes under the same labels as its popup.
import { h } from '../core/dom.js';
import { lang, t } from '../core/i18n.js';
import { popupRows, popupTitle, recordUrl } from '../interact/popup.js';
import { ringLabel } from '../core/rings.js';

export class EventCardControl {
  constructor(layer, event, rings) {
    this.layer = layer;
    this.event = event;
    this.rings = rings;
  }

  onAdd() {
    const props = this.event.properties || {};
    const layer = this.layer || { id: 'events', properties: [], title: { zh: '突发事件', en: 'Event' } };
    this.el = h('section.panel.event-card', { 'data-testid': 'event-card', dataset: { id: this.event.id } },
      h('h2.panel-title', { text: t('commandTitle') }),
      h('h3.event-title', { text: popupTitle(layer, props) || props.title || '' }),
      h('table.popup-table', {}, h('tbody', {}, popupRows(layer, props, lang()).map((r) => h('tr', {}, h('th', { text: r.label }), h('td', { text: r.value }))))),
      h('div.ring-legend', {}, `${t('rings')}：`, this.rings.map((r) => h('span.ring-chip', { dataset: { radius: r }, text: ringLabel(r, lang()) }))),
      h('a.popup-link', { href: recordUrl('events', this.event.id), target: '_blank', rel: 'noopener', text: t('openRecord') }));
    return this.el;
  }

  onRemove() {
    this.el.remove();
  }
}
