// 任务: my open plan tasks with the transitions I may make now (接受 / 开始 / 完成 / 退回 with a
// reason), each through the outbox to the phone's replay-safe wrapper of the tasks API.
import { h } from '../../core/dom.js';
import { t } from '../../core/i18n.js';
import { card, empty, todayStatus } from './common.js';

function taskCard(app, task) {
  const line = h('p.phone-outcome', { hidden: true });
  const buttons = task.allowed.map((a) => {
    const button = h('button.phone-button.is-small' + (a.to === 'rejected' ? '.is-secondary' : ''),
      { type: 'button', dataset: { to: a.to }, text: a.label });
    button.addEventListener('click', async () => {
      let reason = '';
      if (a.needs_reason) {
        reason = window.prompt(t('phone.reasonPrompt')) || '';
        if (!reason.trim()) return;
      }
      for (const b of buttons) b.disabled = true;
      const outcome = await app.write({ kind: 'task', label: `${task.title} → ${a.label}`,
        request: { url: `/api/me/tasks/${task.id}/transitions/`, json: reason ? { to: a.to, reason } : { to: a.to } } });
      line.hidden = false;
      if (outcome.state === 'sent') {
        line.className = 'phone-outcome is-ok';
        line.textContent = `${outcome.body.status_label || a.label} ✓`;
      } else if (outcome.state === 'queued') {
        line.className = 'phone-outcome is-queued';
        line.textContent = t('phone.queued');
      } else {
        line.className = 'phone-outcome is-bad';
        line.textContent = outcome.message;
        for (const b of buttons) b.disabled = false;
      }
    });
    return button;
  });
  return h('li.phone-task', { dataset: { id: task.id, status: task.status } },
    h('div.phone-row-head', {},
      h('span.phone-task-status', { dataset: { status: task.status }, text: task.status_label }),
      task.overdue ? h('span.phone-badge.is-bad', { text: t('phone.overdue') }) : null),
    h('h3.phone-task-title', { text: task.title }),
    task.description ? h('p.phone-task-text', { text: task.description }) : null,
    h('p.phone-row-meta', { text: `${task.event.code} ${task.event.title} · ${t('phone.deadline')} ${task.deadline_display}` }),
    h('div.phone-actions', {}, buttons),
    line);
}

export function renderTasks(app, container) {
  const status = todayStatus(app);
  if (!app.today) {
    container.append(status);
    return;
  }
  const tasks = app.today.tasks;
  container.append(status || '', card(t('phone.myTasks'), tasks.length
    ? h('ul.phone-list', {}, tasks.map((task) => taskCard(app, task)))
    : empty(t('phone.noTasks'))));
}
