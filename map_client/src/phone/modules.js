// The inspection menu (执法检查) is a registry: each kind of field inspection registers a module
// {id, title(), available(config), render(container, context)}; the route #/inspections shows the
// modules this account may use. Shelter inspections (the shelters app) are the first; the
// enforcement issue registers its checklists here without touching the shell.
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';

const registry = new Map();

export function registerInspectionModule(module) {
  if (!module || !module.id || typeof module.render !== 'function') throw new Error('an inspection module needs id and render');
  registry.set(module.id, module);
}

export function inspectionModules(config) {
  return [...registry.values()].filter((m) => !m.available || m.available(config));
}

/** Entries the server offers for a kind (geo_api/phone/modules.py), or null. */
export function serverEntry(config, id) {
  const entries = config && config.phone && config.phone.inspections;
  return (entries && entries[id]) || null;
}

registerInspectionModule({
  id: 'shelters',
  title: (config) => serverEntry(config, 'shelters').title,
  available: (config) => !!serverEntry(config, 'shelters'),
  render(container, { config }) {
    const entry = serverEntry(config, 'shelters');
    container.append(
      h('ul.phone-list', {}, entry.items.map((item) => h('li', {},
        h('a.phone-row', { href: item.url, dataset: { overdue: item.overdue ? '1' : '0' } },
          h('span.phone-row-title', { text: item.label }),
          h('span.phone-row-meta' + (item.overdue ? '.is-late' : ''), { text: t('phone.inspectionDue').replace('{d}', item.due_on) }))))),
      h('a.phone-button.is-secondary', { href: entry.url, text: t('phone.allShelters') }),
    );
  },
});
