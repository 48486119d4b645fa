// The phone's frame: a top bar (name, "正在共享位置" with its stop button, "待发送 N 条"), the view,
// toasts, and the bottom tab bar (今日 / 任务 / 上报 / 附近 / 执法检查) — thumb-sized, Chinese first.
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { kindLabel } from './app.js';

export const TABS = [
  { route: 'today', icon: '☀' },
  { route: 'tasks', icon: '✓' },
  { route: 'report', icon: '✎' },
  { route: 'nearby', icon: '⌖' },
  { route: 'inspections', icon: '☰' },
];

const shanghaiTime = (iso) => {
  try {
    return new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);
  } catch {
    return iso;
  }
};

// What fetch says when there is no network differs by browser; the person reads one phrase.
const NETWORK_FAILURES = /Failed to fetch|NetworkError|Load failed|network/i;
export const errorText = (error) => (NETWORK_FAILURES.test(error) ? t('phone.noNetwork') : error);

export class Shell {
  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.view = root.querySelector('#phone-view');
    this.top = root.querySelector('.phone-top');
    this.sharingBar = h('div.phone-sharing', { role: 'status', hidden: true },
      h('span.phone-sharing-dot', { 'aria-hidden': 'true' }),
      h('span.phone-sharing-text', { text: t('phone.sharing') }),
      h('button.phone-sharing-stop', { type: 'button', onclick: () => app.sharing.stop(), text: t('phone.stopSharing') }));
    this.pendingButton = h('button.phone-pending', { type: 'button', hidden: true, onclick: () => this.togglePending() });
    this.top.append(this.pendingButton);
    this.top.after(this.sharingBar);
    this.pendingSheet = h('section.phone-sheet', { hidden: true, 'aria-label': t('phone.pendingList') });
    this.toastBox = h('div.phone-toasts', { 'aria-live': 'assertive' });
    this.tabs = h('nav.phone-tabs', { 'aria-label': t('phone.appName') }, TABS.map((tab) =>
      h('a.phone-tab', { href: `#/${tab.route}`, dataset: { route: tab.route } },
        h('span.phone-tab-icon', { 'aria-hidden': 'true', text: tab.icon }),
        h('span.phone-tab-label', { text: t(`phone.tab.${tab.route}`) }))));
    root.append(this.pendingSheet, this.toastBox, this.tabs);
    app.subscribe((what) => {
      if (what === 'outbox') this.updatePending();
      if (what === 'sharing') this.updateSharing();
      if (what === 'toast') this.showToasts();
    });
    this.updatePending();
  }

  select(route) {
    for (const a of this.tabs.querySelectorAll('.phone-tab')) {
      const on = a.dataset.route === route;
      a.classList.toggle('is-current', on);
      if (on) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  updateSharing() {
    const s = this.app.sharing;
    this.sharingBar.hidden = !s.active;
    this.root.classList.toggle('is-sharing', s.active);
  }

  async updatePending() {
    const n = await this.app.outbox.count();
    const refused = await this.app.outbox.refused();
    this.pendingButton.hidden = n === 0 && refused.length === 0;
    this.pendingButton.textContent = n ? t('phone.pending').replace('{n}', String(n)) : `${t('phone.refusedList')} ${refused.length}`;
    this.pendingButton.classList.toggle('is-refused', n === 0 && refused.length > 0);
    this.pendingButton.dataset.count = String(n);
    if (this.pendingButton.hidden) this.pendingSheet.hidden = true; // nothing left to show
    if (!this.pendingSheet.hidden) await this.renderPending();
  }

  async togglePending() {
    this.pendingSheet.hidden = !this.pendingSheet.hidden;
    if (!this.pendingSheet.hidden) await this.renderPending();
  }

  async renderPending() {
    const [items, refused] = await Promise.all([this.app.outbox.list(), this.app.outbox.refused()]);
    this.pendingSheet.replaceChildren(...[
      h('h2.phone-h2', { text: t('phone.pendingList') }),
      h('ul.phone-list.phone-pending-list', {}, items.map((item) => h('li.phone-row', {},
        h('span.phone-row-title', { text: kindLabel(item) }),
        h('span.phone-row-meta', { text: `${shanghaiTime(item.createdAt)}${item.lastError ? ` · ${errorText(item.lastError)}` : ''}` })))),
      h('button.phone-button', { type: 'button', onclick: () => this.app.outbox.flush(), text: t('phone.sendNow') }),
      refused.length ? h('h2.phone-h2', { text: t('phone.refusedList') }) : null,
      h('ul.phone-list', {}, refused.map((item) => h('li.phone-row.is-refused', {},
        h('span.phone-row-title', { text: kindLabel(item) }),
        h('span.phone-row-meta', { text: item.message }),
        h('button.phone-link', { type: 'button', onclick: () => this.app.outbox.dismissRefused(item.seq), text: t('phone.dismiss') })))),
    ].filter(Boolean));
  }

  showToasts() {
    while (this.app.toasts.length) {
      const { text, bad } = this.app.toasts.shift();
      const el = h('div.phone-toast' + (bad ? '.is-bad' : ''), { role: 'status', text });
      this.toastBox.append(el);
      setTimeout(() => el.remove(), 5000);
    }
  }
}
