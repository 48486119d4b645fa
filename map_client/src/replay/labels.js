// States and severities as the replay shows them, from the replay's messages (src/i18n/replay.js).
import { t } from '../core/i18n.js';

const ROMAN = ['', 'Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'];

/** An event's or a task's state; an unknown state as sent, none as a dash. */
export function stateLabel(state) {
  if (!state) return '—';
  const key = `replayState_${state}`;
  const label = t(key);
  return label === key ? state : label;
}

export function severityLabel(n) {
  return t('replaySeverityLevel').replace('{n}', ROMAN[n] || String(n));
}
