import { afterEach, describe, expect, it } from 'vitest';
import { DOMAINS, setLang } from '../src/core/i18n.js';
import { severityLabel, stateLabel } from '../src/replay/labels.js';

describe('replay labels (src/i18n/replay.js)', () => {
  afterEach(() => setLang('zh'));

  it('names event and task states in Chinese first, English by the switch', () => {
    setLang('zh');
    expect(stateLabel('responding')).toBe('响应中');
    expect(stateLabel('in_progress')).toBe('处置中');
    expect(severityLabel(2)).toBe('Ⅱ级');
    setLang('en');
    expect(stateLabel('responding')).toBe('Responding');
    expect(severityLabel(3)).toBe('Ⅲ');
  });

  it('shows an unknown state as sent and none as a dash', () => {
    expect(stateLabel('escalated')).toBe('escalated');
    expect(stateLabel(null)).toBe('—');
    expect(severityLabel(7)).toBe('7级');
  });

  it('has a label for every event and task state the server sends', () => {
    const states = ['reported', 'verified', 'responding', 'recovering', 'closed', 'dismissed', 'archived',
      'assigned', 'accepted', 'in_progress', 'done', 'rejected'];
    for (const state of states) expect(DOMAINS.replay[`replayState_${state}`], state).toBeTruthy();
  });
});
