// The wall's exposure alert: when a red or orange warning is in force, a panel with what lies
// inside its area (counts per layer from GET /api/warnings/{id}/exposure/, only the layers this
// viewer may read) and the area highlighted on the map. It follows the warnings the situation
// counters already fetch (StatsControl refreshes on every live change, the warnings layer's
// included), so a new red/orange warning appears without a reload, and one that ends goes away.
import { getJSON } from '../core/api.js';
import { h } from '../core/dom.js';
import { lang } from '../core/i18n.js';
import { COLOUR_HEX, LEVEL_COLOURS } from '../core/warnings.js';
import { exposeForTests } from '../core/test-hook.js';
import MESSAGES from '../i18n/exposure.js';

const SOURCE = 'exposure-alert';
const say = (key) => (MESSAGES[key] || {})[lang()] || key;

/** The red and orange warnings, most severe and newest first (exported for tests). */
export function alertWarnings(warnings) {
  return (warnings || []).filter((w) => w.level === 1 || w.level === 2)
    .sort((a, b) => a.level - b.level || String(b.sent || '').localeCompare(String(a.sent || '')));
}

export class ExposureControl {
  /** `stats`: the wall's StatsControl, whose warnings this control follows. */
  constructor({ map, stats }) {
    this.map = map;
    this.shown = null;
    const previous = stats.onStats;
    stats.onStats = (s) => {
      previous(s);
      this.update(s.warnings || []).catch((err) => console.warn('exposure alert:', err));
    };
  }

  onAdd() {
    this.el = h('section.panel.exposure-panel', { 'data-testid': 'exposure-alert', hidden: true });
    return this.el;
  }

  async update(warnings) {
    const top = alertWarnings(warnings)[0];
    if (!top) {
      this.clear();
      return;
    }
    const data = await getJSON(`/api/warnings/${top.id}/exposure/`);
    this.shown = top.id;
    this.render(data);
    this.highlight(data);
  }

  render(data) {
    const colour = COLOUR_HEX[LEVEL_COLOURS[data.warning.level]];
    const rows = Object.entries(data.layers).filter(([, l]) => l.readable)
      .map(([id, l]) => h('li', { dataset: { layer: id } }, h('span', { text: l.title }), h('b', { text: String(l.count) })));
    const people = data.population.exposed_total;
    if (people != null) rows.push(h('li', { dataset: { layer: 'population' } }, h('span', { text: say('population') }), h('b', { text: `≈${people}` })));
    this.el.style.setProperty('--level', colour);
    this.el.style.borderLeft = `6px solid ${colour}`;
    this.el.replaceChildren(
      h('h2.panel-title', { text: `${say('title')} · ${data.warning.headline}` }),
      h('ul.exposure-counts', {}, ...rows),
      h('a', { href: `/warnings/${data.warning.id}/exposure/`, text: say('details') }));
    this.el.hidden = false;
    this.el.dataset.warning = String(data.warning.id);
    exposeForTests({ exposureAlert: { warning: data.warning.id, counts: data.counts } });
  }

  highlight(data) {
    const map = this.map;
    const feature = { type: 'Feature', properties: {}, geometry: data.warning.geometry };
    const colour = COLOUR_HEX[LEVEL_COLOURS[data.warning.level]];
    if (map.getSource(SOURCE)) {
      map.getSource(SOURCE).setData(feature);
    } else {
      map.addSource(SOURCE, { type: 'geojson', data: feature });
      map.addLayer({ id: `${SOURCE}-edge`, type: 'line', source: SOURCE,
        paint: { 'line-color': colour, 'line-width': 4, 'line-dasharray': [2, 1] } });
    }
    map.setPaintProperty(`${SOURCE}-edge`, 'line-color', colour);
  }

  clear() {
    this.shown = null;
    if (this.el) this.el.hidden = true;
    if (this.map.getSource(SOURCE)) this.map.getSource(SOURCE).setData({ type: 'FeatureCollection', features: [] });
    exposeForTests({ exposureAlert: null });
  }

  onRemove() {
    this.el.remove();
  }
}
