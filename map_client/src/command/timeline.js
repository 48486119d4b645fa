// One timeline of the event, newest first: state changes, instructions, acknowledgements, reports,
// check-ins and tasks, each with who and why.
import { h } from '../core/dom.js';
import { label, when } from './format.js';
import { Panel, empty } from './panel.js';

export class TimelinePanel extends Panel {
  constructor() {
    super('timeline', 'cmdTimeline');
  }

  update(board) {
    const entries = board.timeline || [];
    this.fill(entries.length ? h('ol.cmd-list.cmd-timeline', {}, entries.map((e) => h('li.cmd-item.entry', { dataset: { id: e.id, kind: e.kind } },
      h('div.cmd-row', {}, h('span.cmd-meta', { text: e.at_display || when(e.at) }), h('span.cmd-name', { text: e.kind_label || e.label || e.kind }),
        h('span.cmd-meta', { text: label(e.actor) })),
      e.reason ? h('div.cmd-text', { text: e.reason }) : null))) : empty(), entries.length);
  }
}
