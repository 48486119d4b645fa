// Instructions down (指令下发): the list with each recipient's acknowledgement, and the form that sends
// one to a person, a department or everyone on the event, with a priority. Sending posts to
// /api/events/{id}/instructions/ with a client_id, so a double click or a retry sends it once.
import { request } from '../core/api.js';
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { label, when } from './format.js';
import { Panel, empty } from './panel.js';

export const PRIORITIES = ['normal', 'urgent', 'critical'];

/** The people and departments the form offers: the page's list (config.recipients), else the board's. */
export function recipientOptions(board, fromPage = null) {
  const given = fromPage || board.recipients || {};
  const users = given.users || (board.responders || []).filter((r) => r.user).map((r) => ({ id: r.user, label: r.name }));
  return { users, departments: given.departments || [] };
}

/** The request body for the form's values; throws the message key of what is missing. */
export function instructionBody({ text, priority, kind, target, clientId, ackWithin }) {
  const body = { client_id: clientId, text: (text || '').trim(), priority: PRIORITIES.includes(priority) ? priority : 'normal',
    to_users: [], to_departments: [], to_everyone: kind === 'everyone' };
  if (!body.text) throw new Error('cmdTextRequired');
  if (kind === 'user' || kind === 'department') {
    const id = Number(target);
    if (!Number.isInteger(id) || id <= 0) throw new Error('cmdRecipientRequired');
    body[kind === 'user' ? 'to_users' : 'to_departments'] = [id];
  }
  if (Number(ackWithin) > 0) body.ack_within_min = Number(ackWithin);
  return body;
}

const newClientId = () => (globalThis.crypto && crypto.randomUUID ? crypto.randomUUID() : `cmd-${Date.now()}-${Math.random().toString(16).slice(2)}`);

export class InstructionsPanel extends Panel {
  constructor({ eventId, onSent, recipients = null }) {
    super('instructions', 'cmdInstructions');
    this.eventId = eventId;
    this.recipients = recipients;
    this.onSent = onSent;
    this.board = {};
  }

  onAdd() {
    const el = super.onAdd();
    this.list = h('div.cmd-instruction-list');
    this.form = this.buildForm();
    this.body.replaceWith(h('div.cmd-body', {}, this.form, this.list));
    this.body = this.list;
    return el;
  }

  buildForm() {
    this.text = h('textarea.cmd-input', { name: 'text', rows: 2, placeholder: t('cmdInstructionText'), maxLength: 1000 });
    this.priority = h('select.cmd-input', { name: 'priority' }, PRIORITIES.map((p) => h('option', { value: p, text: t(`cmdPriority_${p}`) })));
    this.kind = h('select.cmd-input', { name: 'kind', onchange: () => this.fillTargets() },
      ['user', 'department', 'everyone'].map((k) => h('option', { value: k, text: t(`cmdTo_${k}`) })));
    this.target = h('select.cmd-input', { name: 'target' });
    this.message = h('div.cmd-form-message', { role: 'status' });
    this.send = h('button.cmd-button.primary', { type: 'submit', text: t('cmdSend') });
    return h('form.cmd-form', { onsubmit: (e) => { e.preventDefault(); this.submit(); } },
      this.text, h('div.cmd-row', {}, this.kind, this.target, this.priority, this.send), this.message);
  }

  fillTargets() {
    const options = recipientOptions(this.board, this.recipients);
    const kind = this.kind.value;
    const list = kind === 'user' ? options.users : kind === 'department' ? options.departments : [];
    const chosen = this.target.value;
    this.target.hidden = kind === 'everyone';
    this.target.replaceChildren(h('option', { value: '', text: t('cmdChoose') }),
      ...list.map((o) => h('option', { value: String(o.id), text: o.label })));
    if (list.some((o) => String(o.id) === chosen)) this.target.value = chosen;
  }

  async submit() {
    let body;
    try {
      body = instructionBody({ text: this.text.value, priority: this.priority.value, kind: this.kind.value,
        target: this.target.value, clientId: this.clientId || (this.clientId = newClientId()) });
    } catch (err) {
      this.say(t(err.message), true);
      return;
    }
    this.send.disabled = true;
    try {
      await request('POST', `/api/events/${this.eventId}/instructions/`, { body });
      this.text.value = '';
      this.clientId = null; // the next instruction is a new one
      this.say(t('cmdSent'));
      this.onSent();
    } catch (err) {
      this.say((err.body && err.body.detail) || `${t('loadFailed')} (${err.status || err.message})`, true);
    } finally {
      this.send.disabled = false;
    }
  }

  say(text, error = false) {
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
  }

  update(board) {
    this.board = board;
    this.fillTargets();
    const items = board.instructions || [];
    this.fill(items.length ? h('ul.cmd-list', {}, items.map((ins) => {
      const recipients = ins.recipients || [];
      const acked = recipients.filter((r) => r.acknowledged_at).length;
      return h(`li.cmd-item.instruction.priority-${ins.priority}${ins.escalated ? '.escalated' : ''}`, { dataset: { id: ins.id } },
        h('div.cmd-row', {}, h('span.cmd-badge.priority', { text: t(`cmdPriority_${ins.priority}`) }),
          h('span.cmd-meta', { text: `${label(ins.sent_by)} ${when(ins.sent_at)}` }),
          ins.escalated ? h('span.cmd-badge.alert', { text: t('cmdEscalated') }) : null,
          h('span.cmd-meta.ack-count', { text: `${t('cmdAcked')} ${acked}/${recipients.length}` })),
        h('div.cmd-text', { text: ins.text }),
        h('ul.cmd-recipients', {}, recipients.map((r) => h(`li.recipient${r.acknowledged_at ? '.acked' : ''}`, {
          dataset: { kind: r.kind, id: r.id, acked: r.acknowledged_at ? '1' : '0' },
        }, h('span', { text: r.label }), ' ', h('span.cmd-meta', { text: r.acknowledged_at ? `✓ ${when(r.acknowledged_at)}` : t('cmdNotAcked') })))));
    })) : empty());
  }
}
