import { describe, expect, it } from 'vitest';
import { setLang } from '../src/core/i18n.js';
import { toDrawGeometry, toLayerGeometry, Versions, writableProperties } from '../src/editor/actions.js';
import { collectProperties, displayValue, fieldHint, inputKind, isReadOnly, parseValue, splitErrors } from '../src/editor/form.js';
import { History, inverse, replay } from '../src/editor/history.js';
import { operationStates } from '../src/editor/operations.js';

setLang('zh');
const pointLayer = { id: 'shelters', geometry_type: 'Point', writable: true };
const polygonLayer = { id: 'risk_zones', geometry_type: 'MultiPolygon', writable: true };
const ops = (state) => Object.fromEntries(operationStates({ history: new History(), ...state }).map((o) => [o.id, o]));

describe('operations know whether they are available and why not', () => {
  it('offers drawing the layer geometry only', () => {
    expect(ops({ layer: pointLayer }).drawPoint.enabled).toBe(true);
    expect(ops({ layer: pointLayer }).drawPolygon.available).toBe(false);
    expect(ops({ layer: polygonLayer }).drawPolygon.enabled).toBe(true);
  });

  it('explains a missing layer, a read-only layer, a missing selection, and a busy save', () => {
    expect(ops({ layer: null }).drawPoint.reason).toBe('请先选择图层');
    expect(ops({ layer: { ...pointLayer, writable: false } }).drawPoint.reason).toBe('您无权编辑该图层');
    expect(ops({ layer: pointLayer }).delete.reason).toBe('请先选择一个已保存的要素');
    expect(ops({ layer: pointLayer, busy: true, selection: { id: 1, feature: {} } }).save.reason).toBe('正在保存…');
  });

  it('refuses to move vertices of a multi-part geometry', () => {
    const selection = { id: 3, feature: { geometry: { type: 'MultiPolygon', coordinates: [[[[0, 0]]], [[[1, 1]]]] } } };
    expect(ops({ layer: polygonLayer, selection }).moveVertex.reason).toBe('多部件几何不能在地图上移动节点');
    const single = { id: 3, feature: { geometry: { type: 'MultiPolygon', coordinates: [[[[0, 0]]]] } } };
    expect(ops({ layer: polygonLayer, selection: single }).moveVertex.enabled).toBe(true);
  });

  it('enables undo and redo from the history', () => {
    const history = new History();
    expect(ops({ layer: pointLayer, history }).undo.reason).toBe('没有可撤销的操作');
    history.push({ kind: 'create', after: { id: 1 } });
    expect(ops({ layer: pointLayer, history }).undo.enabled).toBe(true);
    expect(ops({ layer: pointLayer, history }).redo.enabled).toBe(false);
  });
});

describe('history', () => {
  const a = { id: 5, geometry: { type: 'Point', coordinates: [1, 2] }, properties: { name: 'a' } };
  const b = { ...a, properties: { name: 'b' } };

  it('inverts creates, updates and deletes', () => {
    expect(inverse({ kind: 'create', layerId: 'x', before: null, after: a })).toEqual({ kind: 'delete', layerId: 'x', id: 5 });
    expect(inverse({ kind: 'update', layerId: 'x', before: a, after: b })).toEqual({ kind: 'update', layerId: 'x', id: 5, feature: a });
    expect(inverse({ kind: 'delete', layerId: 'x', before: a, after: null })).toEqual({ kind: 'create', layerId: 'x', feature: a });
    expect(replay({ kind: 'update', layerId: 'x', before: a, after: b })).toEqual({ kind: 'update', layerId: 'x', id: 5, feature: b });
  });

  it('moves records between undo and redo and clears redo on a new action', () => {
    const h = new History();
    h.push({ kind: 'create', after: a });
    h.push({ kind: 'update', before: a, after: b });
    h.markUndone();
    expect(h.canRedo()).toBe(true);
    h.markRedone();
    expect(h.peekUndo().kind).toBe('update');
    h.markUndone();
    h.push({ kind: 'delete', before: a });
    expect(h.canRedo()).toBe(false);
  });

  it('follows a feature re-created under a new id', () => {
    const h = new History();
    h.push({ kind: 'update', before: a, after: b });
    h.push({ kind: 'delete', before: b });
    h.remap(5, { id: 9 });
    expect(h.done.map((r) => r.before.id)).toEqual([9, 9]);
    expect(h.done[0].after.id).toBe(9);
  });
});

describe('attribute form values', () => {
  it('picks inputs by type', () => {
    expect(inputKind({ type: 'boolean' })).toBe('checkbox');
    expect(inputKind({ type: 'string', choices: [{ value: 'a' }] })).toBe('select');
    expect(inputKind({ type: 'text' })).toBe('textarea');
    expect(inputKind({ type: 'date-time' })).toBe('datetime-local');
  });

  it('converts input strings to API values', () => {
    expect(parseValue({ type: 'integer' }, '12')).toBe(12);
    expect(parseValue({ type: 'integer' }, '1.5')).toBe('1.5'); // the server says why
    expect(parseValue({ type: 'number' }, '1.5')).toBe(1.5);
    expect(parseValue({ type: 'string' }, '')).toBeNull();
    expect(parseValue({ type: 'boolean' }, false)).toBe(false);
    expect(parseValue({ type: 'date-time' }, '2026-11-24T08:30')).toBe('2026-11-24T08:30:00+08:00');
  });

  it('shows stored date-times in Beijing time', () => {
    expect(displayValue({ type: 'date-time' }, '2026-11-24T00:30:00Z')).toBe('2026-11-24T08:30');
    expect(displayValue({ type: 'date' }, '2026-11-24')).toBe('2026-11-24');
  });

  it('sends only changed fields when editing', () => {
    const fields = [{ name: 'name', type: 'string' }, { name: 'capacity', type: 'integer' }];
    expect(collectProperties(fields, { name: 'A', capacity: '10' }, { name: 'A', capacity: 9 })).toEqual({ capacity: 10 });
    expect(collectProperties(fields, { name: 'A', capacity: '' })).toEqual({ name: 'A', capacity: null });
  });

  it('shows workflow-owned fields read-only with their hint and never sends them', () => {
    const status = {
      name: 'status', type: 'string', readOnly: true, workflow: '/api/events/{id}/transitions/',
      hint: { zh: '由流程变更（/api/events/{id}/transitions/），不能直接编辑。', en: 'Changed by its workflow (/api/events/{id}/transitions/), not by editing.' },
    };
    const title = { name: 'title', type: 'string' };
    expect(isReadOnly(status)).toBe(true);
    expect(isReadOnly(title)).toBe(false);
    expect(fieldHint(status)).toBe('由流程变更（/api/events/{id}/transitions/），不能直接编辑。');
    expect(fieldHint(title)).toBe('');
    expect(collectProperties([status, title], { status: 'closed', title: '新标题' })).toEqual({ title: '新标题' });
    expect(writableProperties({ fields: [status, title] }, { status: 'closed', title: 'x' })).toEqual({ title: 'x' });
  });

  it('puts errors next to their field and the rest above the form', () => {
    const fields = [{ name: 'name' }, { name: 'geometry' }];
    const { byField, general } = splitErrors(fields, { name: ['该字段是必填项。'], geometry: ['几何无效'], non_field_errors: ['冲突'] });
    expect(byField).toEqual({ name: ['该字段是必填项。'], geometry: ['几何无效'] });
    expect(general).toEqual(['冲突']);
  });
});

describe('geometry and properties for the API', () => {
  it('wraps a drawn polygon for a MultiPolygon layer and unwraps single parts for drawing', () => {
    const polygon = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    const multi = toLayerGeometry(polygonLayer, polygon);
    expect(multi.type).toBe('MultiPolygon');
    expect(toDrawGeometry(multi)).toEqual(polygon);
    expect(toLayerGeometry(pointLayer, { type: 'Point', coordinates: [1, 2] }).type).toBe('Point');
  });

  it('writes only the fields of the form schema', () => {
    expect(writableProperties({ fields: [{ name: 'name' }] }, { name: 'x', district_name: 'y', updated_at: 'z' })).toEqual({ name: 'x' });
  });

  it('remembers versions per feature for If-Match', () => {
    const v = new Versions();
    v.remember(5, '"shelters-5-1"');
    expect(v.of('5')).toBe('"shelters-5-1"');
    expect(v.of(6)).toBeNull();
  });
});
