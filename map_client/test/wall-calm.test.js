import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/core/api.js';
import { enterCommand } from '../src/controls/command-mode.js';
import { DEFAULT_ON, hiddenLayers, isOn, loadChoice, saveChoice } from '../src/controls/layer-choice.js';
import { isoTime, openEventsUrl, sortOpenEvents } from '../src/controls/open-events.js';
import { initialBasemap } from '../src/controls/basemap-switcher.js';
import { detailUrl, popupRows } from '../src/interact/popup.js';
import { eventFilter, OPEN_STATUSES } from '../src/style/event-filter.js';

const memory = () => {
  const data = {};
  return { getItem: (k) => data[k] ?? null, setItem: (k, v) => { data[k] = String(v); } };
};

describe('a calm wall', () => {
  const ids = ['districts', 'shelters', 'shelter_coverage', 'warehouses', 'resources', 'hazards', 'cameras', 'warnings', 'events', 'personnel_positions'];

  it('starts with the street map, events, warnings and shelters only', () => {
    expect(DEFAULT_ON.sort()).toEqual(['districts', 'events', 'shelters', 'warnings']);
    expect(hiddenLayers(ids, {})).toEqual(['shelter_coverage', 'warehouses', 'resources', 'hazards', 'cameras', 'personnel_positions']);
  });

  it('keeps what a person switched, as overrides of the defaults', () => {
    const store = memory();
    saveChoice({ cameras: true, shelters: false }, store);
    const choice = loadChoice(store);
    expect(isOn('cameras', choice)).toBe(true);
    expect(isOn('shelters', choice)).toBe(false);
    expect(isOn('events', choice)).toBe(true);
    expect(hiddenLayers(ids, choice)).not.toContain('cameras');
    expect(loadChoice({ getItem: () => '[1,2]' })).toEqual({});
  });

  it('keeps closed events off unless asked, on top of the style\'s own filter', () => {
    expect(OPEN_STATUSES).toEqual(['reported', 'verified', 'responding', 'recovering']);
    expect(eventFilter(null, false)).toEqual(['in', ['get', 'status'], ['literal', OPEN_STATUSES]]);
    expect(eventFilter(['==', 'a', 1], false)[0]).toBe('all');
    expect(eventFilter(['==', 'a', 1], true)).toEqual(['==', 'a', 1]);
    expect(eventFilter(null, true)).toBeNull();
  });
});

describe('open events', () => {
  const f = (id, severity, reported) => ({ id, properties: { severity, reported_at: reported } });

  it('most severe first, then newest; an announced event on top', () => {
    const list = [f(1, 3, '2026-11-29T01:00:00Z'), f(2, 1, '2026-11-28T01:00:00Z'), f(3, 3, '2026-11-29T05:00:00Z'), f(4, 4, '2026-11-29 06:00:00+00')];
    expect(sortOpenEvents(list).map((e) => e.id)).toEqual([2, 3, 1, 4]);
    expect(sortOpenEvents(list, new Map([['4', 10]])).map((e) => e.id)).toEqual([4, 2, 3, 1]);
  });

  it('asks the OGC items of the events layer for the open states', () => {
    const url = decodeURIComponent(openEventsUrl());
    expect(url).toContain("/ogc/collections/events/items?f=json");
    expect(url).toContain("status IN ('reported','verified','responding','recovering')");
  });

  it('reads tile-style and ISO times alike', () => {
    expect(isoTime('2026-11-29 06:05:00+00')).toBe('2026-11-29T06:05:00+00:00');
    expect(isoTime('2026-11-29T06:05:00+08:00')).toBe('2026-11-29T06:05:00+08:00');
  });
});

describe('event popups', () => {
  const layer = {
    id: 'events',
    properties: ['code', 'title', 'category', 'event_type', 'severity', 'status', 'occurred_at', 'reported_at', 'address', 'casualties']
      .map((name) => ({ name, type: 'string', label: { zh: name, en: name }, choices: name === 'status' ? { responding: { zh: '处置中', en: 'Responding' } } : null })),
  };

  it('show code, type, severity, state, reported time and address, times in Beijing time', () => {
    const rows = popupRows(layer, { code: 'EV-1', title: 't', category: 'X', event_type: '火灾', severity: 2, status: 'responding', occurred_at: '2026-11-29 05:00:00+00', reported_at: '2026-11-29 06:05:00+00', address: '仙霞路', casualties: 0 }, 'zh');
    expect(rows.map((r) => r.name)).toEqual(['code', 'event_type', 'severity', 'status', 'reported_at', 'address']);
    expect(rows.find((r) => r.name === 'status').value).toBe('处置中');
    expect(rows.find((r) => r.name === 'reported_at').value).toBe('2026-11-29 14:05');
  });

  it('link our own pages, not the OGC page, as the main action', () => {
    expect(detailUrl('events', 5)).toBe('/desk/events/5/');
    expect(detailUrl('shelters', 7)).toBe('/shelters/7/');
    expect(detailUrl('cameras', 7)).toBeNull();
  });
});

describe('command mode', () => {
  it('posts, then opens the command view the server names', async () => {
    const calls = [];
    const went = [];
    const send = async (method, url) => { calls.push([method, url]); return { data: { url: '/command/9/' } }; };
    const result = await enterCommand(9, { send, go: (u) => went.push(u) });
    expect(calls).toEqual([['POST', '/api/events/9/command/']]);
    expect(went).toEqual(['/command/9/']);
    expect(result.ok).toBe(true);
  });

  it('shows a refusal in the server\'s words and stays', async () => {
    const went = [];
    const send = async () => { throw new ApiError(403, { detail: '只有指挥长可以进入指挥' }); };
    const result = await enterCommand(9, { send, go: (u) => went.push(u) });
    expect(result).toEqual({ ok: false, message: '无法进入指挥：只有指挥长可以进入指挥' });
    expect(went).toEqual([]);
  });

  it('still opens the command view when the server has no command route yet', async () => {
    const went = [];
    const send = async () => { throw new ApiError(404, '<html>Not Found</html>'); };
    expect((await enterCommand(3, { send, go: (u) => went.push(u) })).ok).toBe(true);
    expect(went).toEqual(['/command/3/']);
  });
});

describe('base-map switcher', () => {
  const basemaps = [{ id: 'pmtiles' }, { id: 'tianditu_vec' }];
  it('starts on the stored choice if still configured, else the first, else none', () => {
    expect(initialBasemap(basemaps, 'tianditu_vec')).toBe('tianditu_vec');
    expect(initialBasemap(basemaps, 'gone')).toBe('pmtiles');
    expect(initialBasemap(basemaps, 'none')).toBe('none');
    expect(initialBasemap([], null)).toBe('none');
  });
});
