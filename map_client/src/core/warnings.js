// Warning levels and their colours are fixed by law: 一级 红, 二级 橙, 三级 黄, 四级 蓝.
import { t } from './i18n.js';

export const LEVEL_COLOURS = { 1: 'red', 2: 'orange', 3: 'yellow', 4: 'blue' };
export const COLOUR_HEX = { red: '#e60012', orange: '#ff7f00', yellow: '#ffd800', blue: '#0060ff' };

export function warningLevel(warning) {
  const level = Number(warning.level);
  const colour = LEVEL_COLOURS[level] || warning.level_colour || 'blue';
  return { level, colour, hex: COLOUR_HEX[colour] || '#888888', label: t(`level${level}`) };
}

/** Most severe first (level 1 before 4), then the latest onset. */
export function sortWarnings(warnings) {
  return [...(warnings || [])].sort(
    (a, b) => (Number(a.level) || 9) - (Number(b.level) || 9) || String(b.onset).localeCompare(String(a.onset)),
  );
}
