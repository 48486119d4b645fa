// The active-warnings strip: one card per warning, coloured by its legal level colour.
import { formatBeijingShort } from '../core/clock.js';
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { sortWarnings, warningLevel } from '../core/warnings.js';

export class WarningsControl {
  constructor({ onSelect = () => {} } = {}) {
    this.onSelect = onSelect;
  }

  onAdd() {
    this.list = h('ul.warning-list');
    this.el = h('section.panel.warnings-panel', { 'data-testid': 'warnings' },
      h('h2.panel-title', { text: t('warnings') }), this.list);
    this.update([]);
    return this.el;
  }

  update(warnings) {
    const items = sortWarnings(warnings).map((w) => {
      const lv = warningLevel(w);
      return h('li.warning', {
        dataset: { level: lv.level, colour: lv.colour, id: w.id },
        style: { '--level': lv.hex },
        onclick: () => this.onSelect(w),
        title: w.headline,
      },
      h('span.warning-badge', { text: `${w.event_name || ''} ${lv.label}` }),
      h('span.warning-headline', { text: w.headline }),
      h('span.warning-meta', { text: `${w.area_desc || ''} · ${t('expires')} ${formatBeijingShort(w.expires)}` }));
    });
    this.list.replaceChildren(...(items.length ? items : [h('li.warning-empty', { text: t('noWarnings') })]));
  }

  onRemove() {
    this.el.remove();
  }
}
