// The command map's right panel: nearest resources, shelters, cameras, enterprises and hazards,
// by distance as PostGIS computed it on the server (/api/events/<id>/nearby/).
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';

export const NEARBY_ORDER = ['resources', 'shelters', 'cameras', 'enterprises', 'hazards'];

export function formatDistance(metres, language) {
  if (!Number.isFinite(metres)) return '';
  if (metres >= 1000) return `${(metres / 1000).toFixed(2)} ${language === 'en' ? 'km' : '公里'}`;
  return `${Math.round(metres)} ${language === 'en' ? 'm' : '米'}`;
}

export class NearbyControl {
  constructor(nearby, { onSelect = () => {}, language = 'zh' } = {}) {
    this.nearby = nearby || {};
    this.onSelect = onSelect;
    this.language = language;
  }

  onAdd() {
    const keys = [...NEARBY_ORDER.filter((k) => k in this.nearby), ...Object.keys(this.nearby).filter((k) => !NEARBY_ORDER.includes(k))];
    this.el = h('section.panel.nearby-panel', { 'data-testid': 'nearby' },
      h('h2.panel-title', { text: t('nearby') }),
      keys.map((key) => {
        const items = this.nearby[key] || [];
        return h('div.nearby-group', { dataset: { layer: key } },
          h('h3.nearby-title', { text: `${t(`nearby_${key}`)}（${items.length}）` }),
          h('ol.nearby-list', {}, items.length
            ? items.map((item) => h('li.nearby-item', { dataset: { id: item.id, distance: item.distance_m }, onclick: () => this.onSelect(key, item) },
              h('span.nearby-name', { text: item.title }),
              h('span.nearby-distance', { text: formatDistance(item.distance_m, this.language) })))
            : [h('li.nearby-empty', { text: t('nearbyEmpty') })]));
      }));
    return this.el;
  }

  onRemove() {
    this.el.remove();
  }
}
