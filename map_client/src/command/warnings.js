// Active warnings over the event's area, in the colours the law fixes (一级 红 … 四级 蓝).
import { h } from '../core/dom.js';
import { warningLevel } from '../core/warnings.js';
import { when } from './format.js';
import { Panel, empty } from './panel.js';

export class WarningsPanel extends Panel {
  constructor({ onSelect }) {
    super('warnings', 'cmdWarnings');
    this.onSelect = onSelect;
  }

  update(board) {
    const warnings = board.warnings || [];
    this.fill(warnings.length ? h('ul.cmd-list', {}, warnings.map((w) => {
      const level = warningLevel(w);
      return h('li.cmd-item.cmd-warning', { dataset: { id: w.id, level: level.level, colour: level.colour }, style: { '--level': level.hex }, onclick: () => this.onSelect(w) },
        h('span.cmd-badge.level', { text: level.label }), h('span.cmd-name', { text: w.headline }), h('span.cmd-meta', { text: when(w.expires) }));
    })) : empty(), warnings.length);
  }
}
