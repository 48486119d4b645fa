// "值班" on the wall: who is on duty now (GET /api/duty/now/), the leader and officers of each
// current shift with their phones. Refreshed every minute and exactly when the shift ends, so the
// wall shows the incoming shift at the boundary. Hidden for visitors who may not see duty data
// (signed out, other agencies): the phones are for the bureau's own staff.
// Its few labels are kept here, with the control (Chinese first).
import { getJSON } from '../core/api.js';
import { h } from '../core/dom.js';
import { lang } from '../core/i18n.js';

const TEXT = {
  title: { zh: '值班', en: 'On duty' },
  leader: { zh: '带班', en: 'Leader' },
  none: { zh: '当前无排班', en: 'No shift on the roster now' },
  restDay: { zh: '休息日', en: 'Rest day' },
};
const say = (key) => TEXT[key][lang()] || TEXT[key].zh;
const hhmm = (iso) => (iso || '').slice(11, 16);

function person(p, leader) {
  return h('div.duty-person', { dataset: { person: p.id }, style: { display: 'flex', gap: '6px' } },
    leader ? h('span.duty-role', { text: say('leader'), style: { opacity: 0.75 } }) : null,
    h('span.duty-name', { text: p.name }),
    h('a.duty-phone', { href: `tel:${p.phone}`, text: p.phone, style: { marginLeft: 'auto', color: 'inherit' } }));
}

export class DutyControl {
  constructor({ every = 60000 } = {}) {
    this.every = every;
  }

  onAdd() {
    this.body = h('div.duty-shifts');
    this.el = h('section.panel.duty-panel', { 'data-testid': 'duty' },
      h('h2.panel-title', { text: say('title') }), this.body);
    this.refresh();
    this.timer = setInterval(() => this.refresh(), this.every);
    return this.el;
  }

  render(shifts) {
    this.body.replaceChildren(...(shifts.length ? shifts.map((s) => h('div.duty-shift', { dataset: { shift: s.id } },
      h('div.duty-shift-title', {
        text: `${s.template} · ${s.name} ${hhmm(s.starts_at)}–${hhmm(s.ends_at)}${s.is_holiday ? ` · ${s.holiday_label || say('restDay')}` : ''}`,
        style: { fontSize: '12px', opacity: 0.8 },
      }),
      s.leader ? person(s.leader, true) : null,
      ...s.officers.map((o) => person(o, false)))) : [h('div.duty-empty', { text: say('none') })]));
  }

  /** Re-read when the first current shift ends (a boundary), not only on the minute timer. */
  scheduleBoundary(shifts) {
    clearTimeout(this.boundary);
    const ends = shifts.map((s) => Date.parse(s.ends_at)).filter(Number.isFinite);
    if (!ends.length) return;
    const wait = Math.min(...ends) - Date.now() + 500;
    if (wait > 0 && wait < 2 ** 31 - 1) this.boundary = setTimeout(() => this.refresh(), wait);
  }

  async refresh() {
    try {
      const { shifts } = await getJSON('/api/duty/now/');
      this.el.hidden = false;
      this.render(shifts);
      this.scheduleBoundary(shifts);
    } catch (err) {
      if (err.status === 401 || err.status === 403) {
        this.el.hidden = true; // not for this visitor
        clearInterval(this.timer);
        return;
      }
      console.warn('duty:', err);
    }
  }

  onRemove() {
    clearInterval(this.timer);
    clearTimeout(this.boundary);
    this.el.remove();
  }
}
