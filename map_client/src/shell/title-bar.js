// What every page shares before its map: the language, the UI scale and the title bar (title,
// navigation, the signed-in user or a sign-in link, the language switch, the Beijing clock).
import { mountClock } from '../controls/clock.js';
import { h, pageConfig } from '../core/dom.js';
import { initLang, lang, switchLang, t } from '../core/i18n.js';
import { watchUiScale } from './layout.js';

const NAV = [['/', 'wallTitle'], ['/editor/', 'editorTitle']];

/** Sets the page up and returns its config (rendered by Django into #onemap-config). */
export function startPage(subtitleKey) {
  initLang();
  watchUiScale();
  const config = pageConfig();
  const bar = document.getElementById('title-bar');
  if (bar) mountTitleBar(bar, config, subtitleKey);
  return config;
}

function mountTitleBar(bar, config, subtitleKey) {
  const user = config.user || {};
  const account = user.authenticated
    ? h('span.title-user', {}, h('span', { text: user.name }), ' ',
      h('a', { href: `${config.urls.logout}`, 'data-logout': '1', text: t('signOut'), onclick: (e) => logout(e, config) }))
    : h('a.title-user', { href: `${config.urls.login}?next=${encodeURIComponent(location.pathname + location.search)}`, text: t('signIn') });
  bar.replaceChildren(
    h('div.title-left', {}, h('span.title-emblem'), h('h1.title-text', { text: t('appTitle') }),
      subtitleKey ? h('span.title-sub', { text: t(subtitleKey) }) : null),
    h('div.title-right', {},
      h('nav.title-nav', {}, NAV.map(([href, key]) => navLink(href, key))),
      account,
      h('button.lang-switch', { type: 'button', 'data-testid': 'lang-switch', text: t('langSwitch'), onclick: () => switchLang(lang() === 'zh' ? 'en' : 'zh') })),
  );
  mountClock(bar.querySelector('.title-right'));
}

function navLink(href, key) {
  const active = href === '/' ? location.pathname === '/' : location.pathname.startsWith(href);
  return h(`a.nav-link${active ? '.active' : ''}`, { href, text: t(key) });
}

function logout(e, config) {
  // Django's LogoutView only accepts POST.
  e.preventDefault();
  const form = h('form', { method: 'post', action: config.urls.logout },
    h('input', { type: 'hidden', name: 'csrfmiddlewaretoken', value: config.csrf || '' }));
  document.body.append(form);
  form.submit();
}
