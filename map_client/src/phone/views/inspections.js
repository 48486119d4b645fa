// 执法检查: the inspection modules this account may use (src/phone/modules.js registry).
import { h } from '../../core/dom.js';
import { t } from '../../core/i18n.js';
import { inspectionModules } from '../modules.js';
import { card, empty } from './common.js';

export function renderInspections(app, container) {
  const modules = inspectionModules(app.config);
  if (!modules.length) {
    container.append(card(t('phone.tab.inspections'), empty(t('phone.inspectionsNone'))));
    return;
  }
  for (const module of modules) {
    const body = h('div.phone-module', { dataset: { module: module.id } });
    module.render(body, { app, config: app.config });
    container.append(card(module.title(app.config), body));
  }
}
