// Small pieces every phone view uses.
import { h } from '../../core/dom.js';
import { t } from '../../core/i18n.js';

export const fill = (key, values) => Object.entries(values).reduce((s, [k, v]) => s.replace(`{${k}}`, String(v)), t(key));

export function card(title, ...children) {
  return h('section.phone-card', {}, title ? h('h2.phone-h2', { text: title }) : null, ...children);
}

export function empty(text) {
  return h('p.phone-empty', { text });
}

/** The answer line under a form: sent, queued for later, or refused with the server's words. */
export function outcomeLine(el, outcome, { sent }) {
  el.hidden = false;
  el.className = 'phone-outcome';
  if (outcome.state === 'sent') {
    el.classList.add('is-ok');
    el.textContent = sent(outcome.body);
  } else if (outcome.state === 'queued') {
    el.classList.add('is-queued');
    el.textContent = t('phone.queued');
  } else {
    el.classList.add('is-bad');
    el.textContent = fill('phone.refused', { msg: outcome.message });
  }
}

/** The "loading / offline" line above a view that reads my day. */
export function todayStatus(app) {
  if (!app.today && !app.todayError) return h('p.phone-empty', { text: t('phone.loading') });
  if (app.todayError && app.todayError.status === 403) return h('p.phone-empty', { text: t('phone.noAccess') });
  if (app.todayError) return h('p.phone-note', { text: t('phone.offlineCached') });
  return null;
}
