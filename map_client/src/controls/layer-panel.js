// The layer panel: registry layers grouped by `group`, each with a toggle and its legend. The
// choice is kept per browser (controls/layer-choice.js); the events row also offers closed events.
import { h } from '../core/dom.js';
import { lang, pick, t } from '../core/i18n.js';
import { applyEventFilter } from '../style/event-filter.js';
import { groupLayers, groupTitle } from '../style/groups.js';
import { legendItems, swatch } from '../style/legend.js';
import { mapLayerIdsOf } from '../style/layers.js';
import { loadChoice, loadShowClosed, saveChoice, saveShowClosed } from './layer-choice.js';

export class LayerPanelControl {
  /**
   * @param layers - the /api/layers/ entries
   * @param options.hidden - ids of the layers the map starts with hidden
   * @param options.persist - keep the choice in this browser (the wall); false for other pages
   * @param options.closedEvents - offer the "show closed events" toggle (the wall)
   */
  constructor(layers, { hidden = [], persist = true, closedEvents = false } = {}) {
    this.layers = layers;
    this.hidden = new Set(hidden);
    this.persist = persist;
    this.choice = persist ? loadChoice() : {};
    this.closedEvents = closedEvents;
    this.showClosed = closedEvents ? loadShowClosed() : true;
  }

  onAdd(map) {
    this.map = map;
    const groups = groupLayers(this.layers).map(({ group, layers }) => h('div.layer-group', { dataset: { group } },
      h('h3.layer-group-title', { text: groupTitle(group, lang()) }),
      layers.map((layer) => this.row(layer))));
    this.el = h('section.panel.layer-panel', { 'data-testid': 'layer-panel' },
      h('h2.panel-title', { text: `${t('layers')} · ${t('legend')}` }),
      h('div.layer-groups', {}, groups));
    return this.el;
  }

  row(layer) {
    const input = h('input', {
      type: 'checkbox', checked: !this.hidden.has(layer.id), dataset: { layer: layer.id },
      onchange: (e) => this.setVisible(layer.id, e.target.checked),
    });
    const legend = h('ul.legend', {}, legendItems(layer, lang()).map((item) => h('li.legend-item', {},
      swatch(item), h('span', { text: item.label }))));
    const closed = this.closedEvents && layer.id === 'events'
      ? h('label.layer-option', {}, h('input', {
        type: 'checkbox', checked: this.showClosed, 'data-testid': 'show-closed-events',
        onchange: (e) => this.setShowClosed(e.target.checked),
      }), h('span', { text: t('showClosedEvents') }))
      : null;
    return h('div.layer-row', { dataset: { layer: layer.id } },
      h('label.layer-toggle', {}, input, h('span.layer-title', { text: pick(layer.title) })),
      legend, closed);
  }

  setVisible(layerId, visible) {
    this.choice[layerId] = !!visible;
    if (visible) this.hidden.delete(layerId);
    else this.hidden.add(layerId);
    for (const id of mapLayerIdsOf(this.map.getStyle(), layerId)) {
      this.map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
    }
    const box = this.el.querySelector(`input[data-layer="${layerId}"]`);
    if (box) box.checked = visible;
    if (this.persist) saveChoice(this.choice);
  }

  setShowClosed(show) {
    this.showClosed = !!show;
    applyEventFilter(this.map, this.showClosed);
    if (this.persist) saveShowClosed(this.showClosed);
  }

  onRemove() {
    this.el.remove();
  }
}
