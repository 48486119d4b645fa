// The error banner: when a page cannot load, say so in words a person can act on, on top of the map.
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';

export function showFatal(message) {
  const el = h('div.fatal', { role: 'alert', text: message });
  document.body.append(el);
  return el;
}

/** "加载失败: /api/layers/ (503)" — what failed and the status the server gave. */
export function loadFailedMessage(err, what = '') {
  return `${t('loadFailed')}${what ? `: ${what}` : ''} (${(err && (err.status || err.message)) || ''})`;
}

/** A quiet notice, once per page, while the server reports Redis unavailable. */
export function showDegraded(doc = document) {
  if (doc.querySelector('.degraded-notice')) return null;
  const el = h('div.degraded-notice', { role: 'status', text: t('degradedNotice') });
  doc.body.append(el);
  setTimeout(() => el.remove(), 60_000);
  return el;
}

if (typeof window !== 'undefined') window.addEventListener('onemap:degraded', () => showDegraded());
