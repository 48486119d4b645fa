// Search by name across every layer this user may read (/api/search/), fly to the result.
import { api } from '../core/api.js';
import { h } from '../core/dom.js';
import { pick, t } from '../core/i18n.js';

export const SEARCH_HIT_SOURCE = 'search-hit';

export class SearchControl {
  constructor({ onResult = () => {}, zoom = 16, delay = 250 } = {}) {
    this.onResult = onResult;
    this.zoom = zoom;
    this.delay = delay;
    this.results = [];
  }

  onAdd(map) {
    this.map = map;
    this.input = h('input.search-input', {
      type: 'search', placeholder: t('search'), 'aria-label': t('search'), autocomplete: 'off',
      oninput: () => this.schedule(),
      onkeydown: (e) => {
        if (e.key === 'Enter' && this.results.length) {
          e.preventDefault();
          this.choose(this.results[0]);
        } else if (e.key === 'Escape') this.clear();
      },
    });
    this.list = h('ul.search-results', { 'data-testid': 'search-results' });
    this.el = h('section.panel.search-panel', { 'data-testid': 'search' }, this.input, this.list);
    map.on('load', () => this.addHitLayer());
    if (map.loaded()) this.addHitLayer();
    return this.el;
  }

  addHitLayer() {
    if (this.map.getSource(SEARCH_HIT_SOURCE)) return;
    this.map.addSource(SEARCH_HIT_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    this.map.addLayer({
      id: SEARCH_HIT_SOURCE, type: 'circle', source: SEARCH_HIT_SOURCE,
      paint: { 'circle-radius': 16, 'circle-color': 'rgba(0,229,255,0.15)', 'circle-stroke-color': '#00e5ff', 'circle-stroke-width': 2 },
    });
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), this.delay);
  }

  async run() {
    const q = this.input.value.trim();
    if (!q) return this.clear(false);
    const token = (this.token = Symbol('q'));
    let results = [];
    try {
      results = (await api.search(q, 10)).results || [];
    } catch (err) {
      console.warn('search:', err);
    }
    if (token !== this.token) return undefined;
    this.results = results;
    this.list.replaceChildren(...(results.length
      ? results.map((r) => h('li.search-result', { dataset: { layer: r.layer, id: r.id }, onclick: () => this.choose(r) },
        h('span.search-title', { text: r.title }), h('span.search-layer', { text: pick(r.layer_title) })))
      : [h('li.search-empty', { text: t('searchNoResult') })]));
    return undefined;
  }

  choose(result) {
    this.list.replaceChildren();
    this.input.value = result.title;
    const hit = { type: 'Feature', geometry: { type: 'Point', coordinates: [result.lon, result.lat] }, properties: {} };
    this.map.getSource(SEARCH_HIT_SOURCE)?.setData({ type: 'FeatureCollection', features: [hit] });
    this.map.flyTo({ center: [result.lon, result.lat], zoom: Math.max(this.map.getZoom(), this.zoom), essential: true });
    this.map.once('moveend', () => this.onResult(result));
  }

  clear(resetInput = true) {
    this.results = [];
    this.list.replaceChildren();
    if (resetInput) this.input.value = '';
  }

  onRemove() {
    this.el.remove();
  }
}
