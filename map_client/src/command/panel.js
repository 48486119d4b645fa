// One side panel of the command view as a MapLibre control: a titled section whose body is redrawn
// from the board. A panel whose data the server does not provide (an API not there, or not for this
// user) stays hidden rather than showing anything made up.
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';

export class Panel {
  constructor(name, titleKey, { className = '' } = {}) {
    this.name = name;
    this.titleKey = titleKey;
    this.className = className;
  }

  onAdd() {
    this.count = h('span.cmd-count');
    this.body = h('div.cmd-body');
    this.el = h(`section.panel.cmd-panel${this.className ? `.${this.className}` : ''}`, { dataset: { panel: this.name }, hidden: true },
      h('h2.panel-title', {}, h('span', { text: t(this.titleKey) }), this.count), this.body);
    return this.el;
  }

  onRemove() {
    this.el.remove();
  }

  /** Shows the panel with `children` as its body; `count` (optional) beside the title. */
  fill(children, count = null) {
    this.el.hidden = false;
    this.count.textContent = count == null ? '' : `（${count}）`;
    this.body.replaceChildren(...[children].flat().filter(Boolean));
  }

  hide() {
    this.el.hidden = true;
  }
}

/** The "none" line of an empty list. */
export function empty(key = 'cmdNone') {
  return h('p.cmd-empty', { text: t(key) });
}
