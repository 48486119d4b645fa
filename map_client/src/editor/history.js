// The editor's history (iD's split: actions change data, the history remembers them so they can
// be undone). Each record is what one saved action did on the server: `before` and `after` are
// GeoJSON features (null for "did not exist"). Versions (ETags) are not kept here: they belong
// to the feature on the server, see Versions in actions.js.

export class History {
  constructor(limit = 50) {
    this.limit = limit;
    this.done = [];
    this.undone = [];
    this.listeners = new Set();
  }

  push(record) {
    this.done.push(record);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
    this.emit();
  }

  canUndo() {
    return this.done.length > 0;
  }

  canRedo() {
    return this.undone.length > 0;
  }

  peekUndo() {
    return this.done[this.done.length - 1] || null;
  }

  peekRedo() {
    return this.undone[this.undone.length - 1] || null;
  }

  /** Moves the last record to the redo stack, replaced by what undoing it produced. */
  markUndone(replacement) {
    const record = this.done.pop();
    if (record) this.undone.push(replacement || record);
    this.emit();
    return record;
  }

  markRedone(replacement) {
    const record = this.undone.pop();
    if (record) this.done.push(replacement || record);
    this.emit();
    return record;
  }

  /** A feature re-created by undo/redo has a new id: every record must follow it. */
  remap(oldId, feature) {
    const fix = (x) => (x && x.id === oldId ? { ...x, id: feature.id } : x);
    for (const stack of [this.done, this.undone]) {
      stack.forEach((r, i) => {
        stack[i] = { ...r, before: fix(r.before), after: fix(r.after) };
      });
    }
  }

  /** Forgets everything (after a conflict the records no longer describe the server). */
  clear() {
    this.done = [];
    this.undone = [];
    this.emit();
  }

  onChange(fn) {
    this.listeners.add(fn);
  }

  emit() {
    for (const fn of this.listeners) fn(this);
  }
}

/**
 * What to do to reverse a record: `{kind: 'create'|'update'|'delete', layerId, id?, feature?}`.
 * Undoing a create deletes, undoing a delete re-creates, undoing an update restores `before`.
 */
export function inverse(record) {
  if (record.kind === 'create') return { kind: 'delete', layerId: record.layerId, id: record.after.id };
  if (record.kind === 'delete') return { kind: 'create', layerId: record.layerId, feature: record.before };
  return { kind: 'update', layerId: record.layerId, id: record.after.id, feature: record.before };
}

/** The record's own action again (for redo). */
export function replay(record) {
  if (record.kind === 'create') return { kind: 'create', layerId: record.layerId, feature: record.after };
  if (record.kind === 'delete') return { kind: 'delete', layerId: record.layerId, id: record.before.id };
  return { kind: 'update', layerId: record.layerId, id: record.before.id, feature: record.after };
}
