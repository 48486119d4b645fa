// Field reports up (信息上报): text, who, when, where, photo thumbnails (each opens full size).
import { h } from '../core/dom.js';
import { label, when } from './format.js';
import { Panel, empty } from './panel.js';

export class ReportsPanel extends Panel {
  constructor({ onSelect }) {
    super('reports', 'cmdReports');
    this.onSelect = onSelect;
  }

  update(board) {
    const reports = board.reports || [];
    this.fill(reports.length ? h('ul.cmd-list', {}, reports.map((r) => h('li.cmd-item.report', { dataset: { id: r.id } },
      h('div.cmd-row', {}, h('span.cmd-name', { text: label(r.by) }), h('span.cmd-meta', { text: when(r.at) }),
        Number.isFinite(r.lon) ? h('button.cmd-link', { type: 'button', text: '⌖', title: label(r.kind), onclick: () => this.onSelect(r) }) : null),
      h('div.cmd-text', { text: r.text }),
      (r.photos || []).length ? h('div.cmd-photos', {}, r.photos.map((url) => h('a', { href: url, target: '_blank', rel: 'noopener' },
        h('img.cmd-thumb', { src: url, alt: '', loading: 'lazy' })))) : null))) : empty(), reports.length);
  }
}
