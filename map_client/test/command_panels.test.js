// The command view's pure parts: view cones, which live changes refetch the board, the debounced
// board feed, the instruction form's request body and the two shapes of an opened shelter.
import { describe, expect, it, vi } from 'vitest';
import { BoardFeed, touchesBoard } from '../src/command/board.js';
import { DEFAULT_RANGE_M, conesCollection, offset, viewCone } from '../src/command/cones.js';
import { instructionBody, recipientOptions } from '../src/command/instructions.js';
import { normaliseShelter } from '../src/command/shelters.js';
import { isHls } from '../src/command/video.js';

const metres = ([lon0, lat0], [lon, lat]) => {
  const dx = (lon - lon0) * 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const dy = (lat - lat0) * 110_574;
  return { dx, dy, d: Math.hypot(dx, dy), bearing: ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360 };
};

describe('view cones', () => {
  const cam = [121.4, 31.21];

  it('spans heading ± fov/2 at the range, with the apex on the camera', () => {
    const ring = viewCone(cam, 90, 60, 200, 12).coordinates[0];
    expect(ring[0]).toEqual(cam);
    expect(ring[ring.length - 1]).toEqual(cam);
    const arc = ring.slice(1, -1).map((p) => metres(cam, p));
    for (const p of arc) expect(p.d).toBeCloseTo(200, 0);
    expect(arc[0].bearing).toBeCloseTo(60, 3);
    expect(arc[arc.length - 1].bearing).toBeCloseTo(120, 3);
    expect(arc[6].bearing).toBeCloseTo(90, 3); // the middle of the arc is the heading
  });

  it('wraps through north', () => {
    const arc = viewCone(cam, 350, 40, 100, 4).coordinates[0].slice(1, -1).map((p) => metres(cam, p));
    expect(arc.map((p) => Math.round(p.bearing))).toEqual([330, 340, 350, 0, 10]);
  });

  it('is a circle without a heading or for an all-round camera, and nothing without a position', () => {
    for (const [heading, fov] of [[null, 60], [90, 360], [undefined, undefined]]) {
      const ring = viewCone(cam, heading, fov, 120, 16).coordinates[0];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(ring).not.toContainEqual(cam);
      for (const p of ring) expect(metres(cam, p).d).toBeCloseTo(120, 0);
    }
    expect(viewCone(null, 0, 60)).toBeNull();
    expect(viewCone([NaN, 31], 0, 60)).toBeNull();
  });

  it('offsets by metres east and north', () => {
    const p = offset(cam, 100, -50);
    const m = metres(cam, p);
    expect(m.dx).toBeCloseTo(100, 6);
    expect(m.dy).toBeCloseTo(-50, 6);
  });

  it('makes a collection keyed by camera with its covering flag, default range', () => {
    const fc = conesCollection([
      { id: 7, name: 'A', lon: 121.4, lat: 31.21, heading: 0, field_of_view: 90, covers: true },
      { id: 8, name: 'B', lon: null, lat: null },
    ]);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].id).toBe(7);
    expect(fc.features[0].properties).toEqual({ id: 7, name: 'A', covers: true });
    const far = fc.features[0].geometry.coordinates[0].slice(1, -1).map((p) => metres(cam, p).d);
    for (const d of far) expect(d).toBeCloseTo(DEFAULT_RANGE_M, 0);
  });
});

describe('board feed', () => {
  it('knows which changes concern the board', () => {
    expect(touchesBoard([{ record: 'instruction_ack', id: 1 }])).toBe(true);
    expect(touchesBoard([{ layer: 'personnel_positions', id: 1 }])).toBe(true);
    expect(touchesBoard([{ record: 'check_in', id: 1 }, { layer: 'cameras' }])).toBe(true);
    expect(touchesBoard([{ layer: 'cameras', id: 1 }, { layer: 'hazards', id: 2 }])).toBe(false);
    expect(touchesBoard([{ record: 'something_else', id: 1 }])).toBe(false);
    expect(touchesBoard([])).toBe(false);
  });

  it('debounces a burst of changes into one load and never overlaps loads', async () => {
    vi.useFakeTimers();
    let resolveLoad;
    const load = vi.fn(() => new Promise((r) => { resolveLoad = r; }));
    const seen = [];
    const feed = new BoardFeed({ load, onBoard: (b, reason) => seen.push([b, reason]), debounce: 200 });
    expect(feed.changed([{ record: 'instruction_ack', id: 1 }])).toBe(true);
    feed.changed([{ record: 'instruction', id: 2 }]);
    expect(feed.changed([{ layer: 'hazards', id: 3 }])).toBe(false);
    await vi.advanceTimersByTimeAsync(199);
    expect(load).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(1);
    // A change while loading: one more load after this one, not a second at the same time.
    feed.refresh('sent');
    feed.refresh('sent');
    expect(load).toHaveBeenCalledTimes(1);
    resolveLoad({ n: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(2);
    resolveLoad({ n: 2 });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.map(([b]) => b.n)).toEqual([1, 2]);
    expect(feed.loads).toBe(2);
    vi.useRealTimers();
  });

  it('reports a failed load and keeps the last board', async () => {
    const errors = [];
    const feed = new BoardFeed({ load: () => Promise.reject(Object.assign(new Error('x'), { status: 404 })), onBoard: () => {}, onError: (e) => errors.push(e.status) });
    await feed.refresh();
    expect(errors).toEqual([404]);
    expect(feed.board).toBeUndefined();
  });
});

describe('instruction form', () => {
  it('builds the contract body for a person, a department and everyone', () => {
    expect(instructionBody({ text: ' 封控现场 ', priority: 'urgent', kind: 'user', target: '12', clientId: 'c1' })).toEqual({
      client_id: 'c1', text: '封控现场', priority: 'urgent', to_users: [12], to_departments: [], to_everyone: false });
    expect(instructionBody({ text: '疏散', priority: 'critical', kind: 'department', target: '3', clientId: 'c2', ackWithin: '10' })).toMatchObject({
      to_users: [], to_departments: [3], to_everyone: false, ack_within_min: 10 });
    expect(instructionBody({ text: '集合', priority: 'bogus', kind: 'everyone', target: '', clientId: 'c3' })).toMatchObject({
      priority: 'normal', to_users: [], to_departments: [], to_everyone: true });
  });

  it('says what is missing', () => {
    expect(() => instructionBody({ text: '  ', kind: 'everyone' })).toThrow('cmdTextRequired');
    expect(() => instructionBody({ text: 'x', kind: 'user', target: '' })).toThrow('cmdRecipientRequired');
    expect(() => instructionBody({ text: 'x', kind: 'department', target: 'abc' })).toThrow('cmdRecipientRequired');
  });

  it('offers the board’s recipients, or the responders who have an account', () => {
    expect(recipientOptions({ recipients: { users: [{ id: 1, label: 'a' }], departments: [{ id: 2, label: 'd' }] } }))
      .toEqual({ users: [{ id: 1, label: 'a' }], departments: [{ id: 2, label: 'd' }] });
    expect(recipientOptions({ responders: [{ id: 5, name: '张三', user: 9 }, { id: 6, name: '李四' }] }))
      .toEqual({ users: [{ id: 9, label: '张三' }], departments: [] });
    const page = { users: [{ id: 3, label: '王五' }], departments: [] };
    expect(recipientOptions({ recipients: { users: [] } }, page)).toEqual(page);
  });
});

describe('shelters and video', () => {
  it('reads both shapes of an opened shelter, full when no room is left', () => {
    expect(normaliseShelter({ id: 1, opening: 11, name: '中山公园', capacity: 100, occupancy: 100, remaining: 0, full: true }))
      .toMatchObject({ id: 11, name: '中山公园', remaining: 0, full: true, open: true });
    expect(normaliseShelter({ id: 2, shelter: { name: '天山公园', lon: 121.4, lat: 31.2 }, capacity: 50, occupants: 20, open: false }))
      .toMatchObject({ id: 2, name: '天山公园', occupancy: 20, remaining: 30, full: false, open: false, lon: 121.4 });
  });

  it('plays HLS in the page and other links elsewhere', () => {
    expect(isHls({ stream_kind: 'hls', stream_url: '/streams/a/index' })).toBe(true);
    expect(isHls({ stream_url: '/streams/a/index.m3u8?t=1' })).toBe(true);
    expect(isHls({ stream_kind: 'link', stream_url: 'rtsp://10.0.0.1/cam' })).toBe(false);
  });
});
