// Small formatting shared by the command panels: Beijing time as 2026-11-29 14:05, distances.
import { formatBeijingShort } from '../core/clock.js';
import { formatDistance } from '../controls/nearby.js';
import { lang } from '../core/i18n.js';

export const when = (value) => (value ? formatBeijingShort(value) : '');
export const distance = (metres) => formatDistance(metres, lang());
/** A label from a value that may be a plain string or {label|name|title}. */
export function label(value) {
  if (value == null) return '';
  if (typeof value === 'object') return value.label || value.name || value.title || value.username || '';
  return String(value);
}
