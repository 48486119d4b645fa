// The activated plan and its tasks: status and overdue flags (the tasks job flags late ones).
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { label, when } from './format.js';
import { Panel, empty } from './panel.js';

export class TasksPanel extends Panel {
  constructor() {
    super('tasks', 'cmdPlanTasks');
  }

  update(board) {
    const plan = board.plan;
    const tasks = board.tasks || [];
    const overdue = tasks.filter((x) => x.overdue).length;
    this.fill([
      plan
        ? h('div.cmd-plan', {}, h('div.cmd-name', { text: label(plan.plan_title || plan.title || plan.plan) }),
          h('div.cmd-meta', { text: [label(plan.level), when(plan.activated_at || (plan.activation && plan.activation.at))].filter(Boolean).join(' · ') }))
        : h('p.cmd-empty', { text: t('cmdNoPlan') }),
      tasks.length ? h('ul.cmd-list', {}, tasks.map((task) => h(`li.cmd-item.task${task.overdue ? '.overdue' : ''}`, { dataset: { id: task.id, status: task.status } },
        h('div.cmd-row', {}, h('span.cmd-name', { text: task.title }),
          h('span.cmd-badge', { text: label(task.status_label || task.status) }),
          task.overdue ? h('span.cmd-badge.alert', { text: t('cmdOverdue') }) : null),
        h('div.cmd-meta', { text: [label(task.owner), task.deadline ? `${t('cmdDeadline')} ${when(task.deadline)}` : ''].filter(Boolean).join(' · ') })))) : empty(),
    ], overdue ? `${tasks.length}，${t('cmdOverdue')} ${overdue}` : tasks.length);
  }
}
