// Simplified Chinese first, English by a switch. The choice is kept in localStorage and in a cookie
// (so Django's pages agree), and `?lang=en` / `?lang=zh` in the address wins over both.
// The messages themselves live in src/i18n/, one module per domain; this core only merges them.
import command from '../i18n/command.js';
import common from '../i18n/common.js';
import editor from '../i18n/editor.js';
import exposure from '../i18n/exposure.js';
import layers from '../i18n/layers.js';
import phone from '../i18n/phone.js';
import replay from '../i18n/replay.js';
import wall from '../i18n/wall.js';

export const LANGS = ['zh', 'en'];
export const DEFAULT_LANG = 'zh';
const STORAGE_KEY = 'onemap.lang';

/**
 * Merges per-domain message modules (`{key: {zh, en}}`) into one table per language. A key may be
 * defined by one domain only: `duplicates` lists any defined twice, as "key: first, second".
 */
export function mergeMessages(domains) {
  const messages = Object.fromEntries(LANGS.map((l) => [l, {}]));
  const owner = {};
  const duplicates = [];
  for (const [domain, entries] of Object.entries(domains)) {
    for (const [key, texts] of Object.entries(entries)) {
      if (Object.prototype.hasOwnProperty.call(owner, key)) duplicates.push(`${key}: ${owner[key]}, ${domain}`);
      else owner[key] = domain;
      for (const l of LANGS) if (texts[l] != null) messages[l][key] = texts[l];
    }
  }
  return { messages, owner, duplicates };
}

/** The message modules, one per domain (src/i18n/). */
export const DOMAINS = { common, layers, wall, command, editor, exposure, phone, replay };

const { messages: MESSAGES } = mergeMessages(DOMAINS);

export function normaliseLang(value) {
  if (!value) return null;
  const v = String(value).toLowerCase();
  if (v.startsWith('en')) return 'en';
  if (v.startsWith('zh')) return 'zh';
  return null;
}

/** The language for this page: ?lang= first, then the stored choice, then Chinese. */
export function resolveLang(search = '', stored = null) {
  const fromQuery = normaliseLang(new URLSearchParams(search).get('lang'));
  return fromQuery || normaliseLang(stored) || DEFAULT_LANG;
}

let current = DEFAULT_LANG;

export function setLang(lang) {
  current = normaliseLang(lang) || DEFAULT_LANG;
  return current;
}

export function lang() {
  return current;
}

/** A UI message in the current language (falls back to Chinese, then to the key). */
export function t(key, language = current) {
  return MESSAGES[language]?.[key] ?? MESSAGES.zh[key] ?? key;
}

/** Picks the current language from a `{zh, en}` pair as the API sends them; strings pass through. */
export function pick(text, language = current) {
  if (text == null) return '';
  if (typeof text !== 'object') return String(text);
  return text[language] || text.zh || text.en || '';
}

/** The value the server expects in Accept-Language. */
export function acceptLanguage(language = current) {
  return language === 'en' ? 'en' : 'zh-hans';
}

export function hasMessage(key, language) {
  return Object.prototype.hasOwnProperty.call(MESSAGES[language] || {}, key);
}

export function messageKeys(language) {
  return Object.keys(MESSAGES[language] || {});
}

/* Browser-only helpers below. */

export function initLang() {
  let stored = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    /* storage blocked: the default stands */
  }
  const chosen = setLang(resolveLang(window.location.search, stored));
  persistLang(chosen);
  document.documentElement.lang = chosen === 'en' ? 'en' : 'zh-Hans';
  return chosen;
}

export function persistLang(language) {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    /* ignore */
  }
  document.cookie = `onemap_lang=${language}; path=/; max-age=31536000; SameSite=Lax`;
}

/** Switches language and reloads: every label on the page and in the map is rebuilt. */
export function switchLang(language) {
  persistLang(language);
  const url = new URL(window.location.href);
  url.searchParams.delete('lang');
  window.location.assign(url.toString());
}
