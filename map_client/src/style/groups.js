// Layer groups: the order the panel lists them (as the issue names them, base map first) and the
// order the map stacks them (bottom up: base, warning areas, ..., events on top).
import { t } from '../core/i18n.js';

export const PANEL_ORDER = ['base', 'hazards', 'resources', 'shelters', 'cameras', 'people', 'warnings', 'events'];
export const STACK_ORDER = ['base', 'warnings', 'hazards', 'resources', 'shelters', 'cameras', 'people', 'events'];

export function groupTitle(group, language) {
  const key = `group_${PANEL_ORDER.includes(group) ? group : 'other'}`;
  return t(key, language);
}

/** Stacking rank of a group (unknown groups just under events). */
export function groupRank(group) {
  const i = STACK_ORDER.indexOf(group);
  return i === -1 ? STACK_ORDER.length - 1.5 : i;
}

function panelRank(group) {
  const i = PANEL_ORDER.indexOf(group);
  return i === -1 ? PANEL_ORDER.length : i;
}

/**
 * Groups `/api/layers/` entries for the panel: `[{group, layers: [...]}]` in PANEL_ORDER, unknown
 * groups last (as "other"), layers in the order the server listed them.
 */
export function groupLayers(layers) {
  const byGroup = new Map();
  for (const layer of layers) {
    const group = PANEL_ORDER.includes(layer.group) ? layer.group : 'other';
    if (!byGroup.has(group)) byGroup.set(group, []);
    byGroup.get(group).push(layer);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => panelRank(a) - panelRank(b))
    .map(([group, members]) => ({ group, layers: members }));
}
