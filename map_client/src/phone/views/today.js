// 今日: my shifts today and who leads the shift on duty now, location sharing, the instructions
// addressed to me with 确认收到 (through the outbox).
import { h } from '../../core/dom.js';
import { t } from '../../core/i18n.js';
import { card, empty, todayStatus } from './common.js';

function dutyCard(duty) {
  const mine = duty.shifts.length
    ? h('ul.phone-list', {}, duty.shifts.map((s) => h('li.phone-row', {},
      h('span.phone-row-title', { text: `${s.template} · ${s.name}` }),
      h('span.phone-row-meta', { text: `${s.starts} – ${s.ends}` }),
      s.now ? h('span.phone-badge.is-ok', { text: t('phone.onShiftNow') }) : null)))
    : empty(t('phone.noShiftToday'));
  const leaders = duty.on_duty_now.filter((s) => s.leader);
  return card(t('phone.duty'), mine, leaders.length ? h('div.phone-sub', {},
    h('h3.phone-h3', { text: t('phone.onDutyNow') }),
    h('ul.phone-list', {}, leaders.map((s) => h('li.phone-row', {},
      h('span.phone-row-title', { text: `${t('phone.leader')} ${s.leader.name}` }),
      s.leader.phone ? h('a.phone-call', { href: `tel:${s.leader.phone}`, text: s.leader.phone }) : null,
      h('span.phone-row-meta', { text: s.template }))))) : null);
}

function sharingCard(app) {
  if (!app.today.responder) return card(t('phone.share'), empty(t('phone.notResponder')));
  const s = app.sharing;
  return card(t('phone.share'),
    h('p.phone-note', { text: t('phone.shareHint') }),
    s.error ? h('p.phone-outcome.is-bad', { text: s.error }) : null,
    s.active
      ? h('button.phone-button.is-danger', { type: 'button', onclick: () => s.stop(), text: `${t('phone.sharing')} · ${t('phone.stopSharing')}` })
      : h('button.phone-button', { type: 'button', 'data-action': 'share', onclick: () => s.start(), text: t('phone.share') }));
}

function instructionRow(app, i) {
  const acked = i.mine && i.mine.acknowledged_at ? (i.mine.acknowledged_at_display || i.mine.acknowledged_at.slice(0, 16).replace('T', ' ')) : null;
  const button = h('button.phone-button.is-small', { type: 'button', 'data-action': 'acknowledge', text: t('phone.acknowledge') });
  const line = h('p.phone-outcome', { hidden: true });
  button.addEventListener('click', async () => {
    button.disabled = true;
    const outcome = await app.write({ kind: 'ack', label: i.text.slice(0, 20), request: { url: `/api/instructions/${i.id}/acknowledge/`, json: {} } });
    if (outcome.state === 'refused') {
      button.disabled = false;
      line.hidden = false;
      line.className = 'phone-outcome is-bad';
      line.textContent = outcome.message;
    } else {
      button.replaceWith(h('span.phone-badge' + (outcome.state === 'sent' ? '.is-ok' : '.is-queued'),
        { text: outcome.state === 'sent' ? t('phone.acknowledged') : t('phone.queued') }));
    }
  });
  return h('li.phone-instruction', { dataset: { id: i.id, priority: i.priority } },
    h('div.phone-row-head', {},
      h('span.phone-priority', { dataset: { priority: i.priority }, text: i.priority_label || t(`phone.priority.${i.priority}`) }),
      h('span.phone-row-meta', { text: [i.sent_by && i.sent_by.label, i.sent_at_display, i.event_code].filter(Boolean).join(' · ') })),
    h('p.phone-instruction-text', { text: i.text }),
    acked ? h('span.phone-badge.is-ok', { text: `${t('phone.acknowledged')} ${acked}` }) : button,
    line);
}

export function renderToday(app, container) {
  const status = todayStatus(app);
  if (!app.today) {
    container.append(status);
    return;
  }
  const d = app.today;
  container.append(
    status || '',
    h('p.phone-greeting', { text: `${d.user.name} · ${d.now}` }),
    dutyCard(d.duty),
    sharingCard(app),
    card(t('phone.instructions'), d.instructions.length
      ? h('ul.phone-list', {}, d.instructions.map((i) => instructionRow(app, i)))
      : empty(t('phone.noInstructions'))),
  );
}
