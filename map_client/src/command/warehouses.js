// Nearby warehouses with what they hold: the nearby list gives the nearest warehouses by distance
// (PostGIS), their stock comes from /api/warehouses/{id}/stock/ (the ledger's derived quantities).
import { getJSON } from '../core/api.js';
import { h } from '../core/dom.js';
import { distance } from './format.js';
import { Panel, empty } from './panel.js';

const SHOWN_ITEMS = 4;

export class WarehousesPanel extends Panel {
  constructor({ onSelect, stock = (id) => getJSON(`/api/warehouses/${id}/stock/`) }) {
    super('warehouses', 'cmdWarehouses');
    this.onSelect = onSelect;
    this.stock = stock;
  }

  async update(warehouses) {
    if (!warehouses) return this.hide();
    const stocks = await Promise.all(warehouses.map((w) => this.stock(w.id).then((s) => s.items || [], () => null)));
    return this.fill(warehouses.length ? h('ul.cmd-list', {}, warehouses.map((w, i) => {
      const items = stocks[i];
      return h('li.cmd-item.warehouse', { dataset: { id: w.id, distance: w.distance_m } },
        h('div.cmd-row', {}, h('span.cmd-name', { text: w.title, onclick: () => this.onSelect(w) }), h('span.cmd-meta', { text: distance(w.distance_m) })),
        items && items.length ? h('div.cmd-stock', {}, items.filter((x) => Number(x.quantity) > 0).slice(0, SHOWN_ITEMS)
          .map((x) => h('span.cmd-chip', { text: `${x.name} ${x.quantity}${x.unit || ''}` }))) : null);
    })) : empty(), warehouses.length);
  }
}
