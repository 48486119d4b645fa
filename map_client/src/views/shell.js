// What every page shares: language, UI scale for the side panels, and the title bar.
import { mountClock } from '../controls/clock.js';
import { h, pageConfig } from '../core/dom.js';
import { initLang, lang, switchLang, t } from '../core/i18n.js';

/** Side panels are designed for 1080 px of height: scale them, never the map canvas. */
export function uiScale(width, height) {
  return Math.max(0.5, Math.min(width / 1920, height / 1080, 2.5));
}

function applyScale() {
  document.documentElement.style.setProperty('--ui-scale', String(uiScale(window.innerWidth, window.innerHeight)));
}

export function startPage(subtitleKey) {
  initLang();
  applyScale();
  window.addEventListener('resize', applyScale);
  const config = pageConfig();
  const bar = document.getElementById('title-bar');
  const user = config.user || {};
  const account = user.authenticated
    ? h('span.title-user', {}, h('span', { text: user.name }), ' ',
      h('a', { href: `${config.urls.logout}`, 'data-logout': '1', text: t('signOut'), onclick: (e) => logout(e, config) }))
    : h('a.title-user', { href: `${config.urls.login}?next=${encodeURIComponent(location.pathname + location.search)}`, text: t('signIn') });
  bar.replaceChildren(
    h('div.title-left', {}, h('span.title-emblem'), h('h1.title-text', { text: t('appTitle') }),
      subtitleKey ? h('span.title-sub', { text: t(subtitleKey) }) : null),
    h('div.title-right', {},
      h('nav.title-nav', {}, navLink('/', 'appTitle', 'wall'), navLink('/editor/', 'editorTitle', 'editor')),
      account,
      h('button.lang-switch', { type: 'button', 'data-testid': 'lang-switch', text: t('langSwitch'), onclick: () => switchLang(lang() === 'zh' ? 'en' : 'zh') })),
  );
  mountClock(bar.querySelector('.title-right'));
  return config;
}

function navLink(href, key, name) {
  const active = (name === 'wall' && location.pathname === '/') || location.pathname.startsWith(href) && href !== '/';
  return h(`a.nav-link${active ? '.active' : ''}`, { href, text: name === 'wall' ? (lang() === 'en' ? 'Map wall' : '一张图') : t(key) });
}

async function logout(e, config) {
  // Django's LogoutView only accepts POST.
  e.preventDefault();
  const form = h('form', { method: 'post', action: config.urls.logout },
    h('input', { type: 'hidden', name: 'csrfmiddlewaretoken', value: config.csrf || '' }));
  document.body.append(form);
  form.submit();
}

export function showFatal(message) {
  const el = h('div.fatal', { role: 'alert', text: message });
  document.body.append(el);
}

/** The layers this user may read, or null after telling the user why the page cannot load. */
export async function loadLayers(api) {
  try {
    return (await api.layers()).layers;
  } catch (err) {
    showFatal(`${t('loadFailed')}: /api/layers/ (${err.status || err.message})`);
    return null;
  }
}
