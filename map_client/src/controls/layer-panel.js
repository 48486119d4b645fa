// The layer panel: registry layers grouped by `group`, each with a toggle and its legend.
import { h } from '../core/dom.js';
import { lang, pick, t } from '../core/i18n.js';
import { groupLayers, groupTitle } from '../style/groups.js';
import { legendItems, swatch } from '../style/legend.js';
import { mapLayerIdsOf } from '../style/layers.js';

const STORAGE_KEY = 'onemap.hiddenLayers';

export function loadHidden() {
  try {
    return JSON.parse(window.localStorage.getItem(STORAGE_KEY) || '[]');
  } catch {
    return [];
  }
}

function saveHidden(hidden) {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify([...hidden]));
  } catch {
    /* ignore */
  }
}

export class LayerPanelControl {
  constructor(layers, { hidden = [], persist = true } = {}) {
    this.layers = layers;
    this.hidden = new Set(hidden);
    this.persist = persist;
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
    return h('div.layer-row', { dataset: { layer: layer.id } },
      h('label.layer-toggle', {}, input, h('span.layer-title', { text: pick(layer.title) })),
      legend);
  }

  setVisible(layerId, visible) {
    if (visible) this.hidden.delete(layerId);
    else this.hidden.add(layerId);
    for (const id of mapLayerIdsOf(this.map.getStyle(), layerId)) {
      this.map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
    }
    const box = this.el.querySelector(`input[data-layer="${layerId}"]`);
    if (box) box.checked = visible;
    if (this.persist) saveHidden(this.hidden);
  }

  onRemove() {
    this.el.remove();
  }
}
