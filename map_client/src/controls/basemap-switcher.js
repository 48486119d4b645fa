// The base-map switcher (底图): a radio list of the configured base maps plus "none" (our own
// layers only), shown when there is more than one choice. The choice is kept per browser.
import { h } from '../core/dom.js';
import { pick, t } from '../core/i18n.js';
import { applyBasemap } from '../style/basemap.js';

const KEY = 'onemap.basemap';
export const NONE = 'none';

export function storedBasemap() {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The choice to show: the stored one if still configured, else the first configured, else none. */
export function initialBasemap(basemaps, stored) {
  if (stored === NONE) return NONE;
  if (stored && basemaps.some((b) => b.id === stored)) return stored;
  return basemaps.length ? basemaps[0].id : NONE;
}

export class BasemapSwitcherControl {
  constructor(basemaps, { origin = window.location.origin, current = null } = {}) {
    this.basemaps = basemaps || [];
    this.origin = origin;
    this.current = current; // what the style was built with
  }

  onAdd(map) {
    this.map = map;
    const choices = [...this.basemaps.map((b) => [b.id, pick(b.title)]), [NONE, t('basemapNone')]];
    this.el = h('section.panel.basemap-panel', { 'data-testid': 'basemap-switcher' },
      h('h2.panel-title', { text: t('basemap') }),
      h('div.basemap-choices', {}, choices.map(([id, title]) => h('label.basemap-choice', {},
        h('input', { type: 'radio', name: 'basemap', value: id, checked: id === (this.current || NONE), onchange: () => this.choose(id) }),
        h('span', { text: title })))));
    const wanted = initialBasemap(this.basemaps, storedBasemap());
    if (wanted !== (this.current || NONE)) this.choose(wanted, { persist: false });
    return this.el;
  }

  choose(id, { persist = true } = {}) {
    const apply = () => applyBasemap(this.map, this.basemaps.find((b) => b.id === id) || null, this.origin);
    if (this.map.isStyleLoaded()) apply();
    else this.map.once('load', apply);
    this.current = id;
    const radio = this.el.querySelector(`input[value="${id}"]`);
    if (radio) radio.checked = true;
    if (persist) {
      try {
        window.localStorage.setItem(KEY, id);
      } catch {
        /* ignore */
      }
    }
  }

  onRemove() {
    this.el.remove();
  }
}
