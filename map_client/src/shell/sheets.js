// On a phone (≤ 700 px, see the media block of css/base.css) a map page's side panels would eat the
// map's width, so they become bottom sheets: a tab bar under the map opens one group of panels at a
// time over the map's lower part, with a close button. The panels stay where MapLibre put them (the
// desktop layout is untouched); only CSS classes change. Above 700 px the bar is not displayed and
// nothing here has any effect.
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';

const OPEN = 'is-sheet-open';

/**
 * Mounts the tab bar into `app` (the page grid, where it takes the row under the map on a phone).
 * `tabs`: [{ key, label: message key, selector: CSS selector of its panels inside `root`, alert:
 * optional selector of an alert among them, e.g. the silent-feed badge }]. A shown alert marks its
 * tab (red dot), so a phone that keeps the sheet shut still sees that something is wrong.
 * Returns { open(key), close(), current() } for the page and the tests.
 */
export function mountSheets(app, root, tabs) {
  let current = null;
  const title = h('span.phone-sheet-title');
  const close = h('button.phone-sheet-close', { type: 'button', 'data-testid': 'sheet-close', 'aria-label': t('sheetClose'), text: '×', onclick: () => shut() });
  const head = h('div.phone-sheet-head', { 'data-testid': 'sheet-head' }, title, close);
  const buttons = new Map(tabs.map((tab) => [tab.key, h('button.phone-tab', {
    type: 'button', 'aria-pressed': 'false', dataset: { sheet: tab.key }, text: t(tab.label),
    onclick: () => (current === tab.key ? shut() : open(tab.key)),
  })]));
  const bar = h('nav.phone-tabs', { 'data-testid': 'phone-tabs', 'aria-label': t('sheetTabs') }, [...buttons.values()]);
  app.append(bar);
  app.classList.add('phone-sheets'); // the media block of css/base.css applies to this page
  const markAlerts = () => {
    for (const tab of tabs.filter((x) => x.alert)) {
      const el = root.querySelector(tab.alert);
      buttons.get(tab.key).classList.toggle('has-alert', Boolean(el && !el.hidden));
    }
  };
  if (tabs.some((x) => x.alert)) {
    new MutationObserver(markAlerts).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
  }

  function shut() {
    for (const el of root.querySelectorAll(`.${OPEN}`)) el.classList.remove(OPEN);
    for (const b of buttons.values()) b.setAttribute('aria-pressed', 'false');
    head.remove();
    delete app.dataset.sheet;
    current = null;
  }

  function open(key) {
    shut();
    const tab = tabs.find((x) => x.key === key);
    const panels = [...root.querySelectorAll(tab.selector)];
    if (!panels.length) return; // the panel is not on this page (yet): nothing to open
    for (const el of panels) el.classList.add(OPEN);
    // The head (title + close) goes just before the first panel, inside the same column.
    title.textContent = t(tab.label);
    panels[0].before(head);
    head.classList.add(OPEN);
    buttons.get(key).setAttribute('aria-pressed', 'true');
    app.dataset.sheet = key; // for a page's own rules (the wall's counters strip)
    current = key;
  }

  return { open, close: shut, current: () => current };
}
