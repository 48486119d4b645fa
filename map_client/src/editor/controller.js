// The desk editor's state and flow. Operations ask, actions change data on the server, the
// history remembers; after every write the map is refreshed from the server (never trusted locally).
import { api, ApiError } from '../core/api.js';
import { t } from '../core/i18n.js';
import { exposeForTests } from '../core/test-hook.js';
import { refreshVectorSource } from '../live/changes.js';
import { mapLayerIdsOf } from '../style/layers.js';
import * as actions from './actions.js';
import { buildForm, clearErrors, collectProperties, readForm, showErrors } from './form.js';
import { History, inverse, replay } from './history.js';
import { operationStates } from './operations.js';

const GEOMETRY_ACTIONS = new Set(['dragCoordinate', 'dragFeature', 'insertMidpoint', 'deleteCoordinate', 'dragCoordinateResize', 'edit']);

export class EditorController {
  constructor(map, drawing, panel, router) {
    this.map = map;
    this.drawing = drawing;
    this.panel = panel;
    this.router = router;
    this.history = new History();
    this.versions = new actions.Versions();
    this.state = { layer: null, schema: null, selection: null, drawing: null, busy: false, history: this.history };
    this.history.onChange(() => this.render());
  }

  render() {
    this.panel.render(this.state);
    this.router.enabled = !this.state.drawing;
    exposeForTests({ editor: { state: this.state, operations: operationStates(this.state), drawn: () => this.drawing.draw.getSnapshot() } });
  }

  async selectLayer(layerId, layers) {
    this.cancel();
    const layer = layers.find((l) => l.id === layerId) || null;
    this.state.layer = layer;
    this.state.schema = layer ? await api.schema(layer.id) : null;
    this.history.clear();
    this.panel.setStatus(layer ? t('clickToEdit') : '');
    this.render();
  }

  /* Operations */

  run(op) {
    const s = operationStates(this.state).find((o) => o.id === op);
    if (!s || !s.enabled) {
      if (s && s.reason) this.panel.setStatus(s.reason, 'warn');
      return undefined;
    }
    return {
      drawPoint: () => this.startDrawing('point'),
      drawPolygon: () => this.startDrawing('polygon'),
      moveVertex: () => this.editGeometry(),
      save: () => this.save(),
      cancel: () => this.cancel(),
      delete: () => this.remove(),
      undo: () => this.step('undo'),
      redo: () => this.step('redo'),
    }[op]();
  }

  startDrawing(kind) {
    this.clearSelection();
    this.state.drawing = kind;
    this.drawing.start(kind);
    this.render();
  }

  /** terra-draw finished something: a new feature, or a moved vertex of the selected one. */
  onFinish(id, context, geometry) {
    const { selection } = this.state;
    if (context.action === 'draw') {
      this.router.suppress();
      this.state.drawing = null;
      this.state.selection = { id: null, feature: { type: 'Feature', geometry, properties: {} } };
      this.drawing.adjust(id);
      this.showForm({});
      this.render();
      return;
    }
    if (!GEOMETRY_ACTIONS.has(context.action) || !selection) return;
    const before = selection.feature;
    selection.feature = { ...before, geometry };
    if (selection.id != null) this.saveGeometry(before, geometry); // save on finish
    this.render();
  }

  editGeometry() {
    const { selection } = this.state;
    if (!selection) return;
    this.drawing.edit(actions.toDrawGeometry(selection.feature.geometry));
  }

  /** A click on a feature of the layer being edited: load it fresh from the API and edit it. */
  async pick(featureId) {
    if (!this.state.layer || this.state.busy) return;
    try {
      const feature = await actions.loadFeature(this.state.layer, featureId, this.versions);
      this.select(feature);
    } catch (err) {
      this.fail(err);
    }
  }

  select(feature) {
    this.state.selection = { id: feature.id, feature };
    this.state.drawing = null;
    this.hideOnTiles(feature.id);
    const geometry = actions.toDrawGeometry(feature.geometry);
    if (geometry && !geometry.type.startsWith('Multi')) this.drawing.edit(geometry);
    else this.drawing.clear();
    this.showForm(feature.properties || {});
    this.render();
  }

  showForm(values) {
    const { schema, selection } = this.state;
    this.form = buildForm(schema, values);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.run('save');
    });
    this.panel.setForm(selection && selection.id != null ? `${t('editFeature')} #${selection.id}` : t('newFeature'), this.form);
  }

  /* Actions */

  async save() {
    const { layer, schema, selection } = this.state;
    const raw = readForm(this.form, schema);
    await this.busy(async () => {
      let record;
      if (selection.id == null) {
        const geometry = this.drawing.geometry() || selection.feature.geometry;
        // Empty fields are left out of a new feature: the server's defaults apply, required ones say so.
        const properties = Object.fromEntries(Object.entries(collectProperties(schema.fields, raw)).filter(([, v]) => v !== null));
        record = await actions.createFeature(layer, schema, this.versions, geometry, properties);
      } else {
        const properties = collectProperties(schema.fields, raw, selection.feature.properties);
        record = await actions.updateFeature(layer, schema, this.versions, selection.feature, { properties });
      }
      this.history.push(record);
      this.afterWrite(record.after, t('saved'));
    });
  }

  async saveGeometry(before, geometry) {
    const { layer, schema } = this.state;
    const ok = await this.busy(async () => {
      const record = await actions.updateFeature(layer, schema, this.versions, before, { geometry });
      this.history.push(record);
      this.afterWrite(record.after, t('saved'));
    });
    // Refused (e.g. moved outside Shanghai): show the server's geometry again, keep the error.
    if (!ok) this.select({ ...before });
  }

  async remove() {
    const { layer, selection } = this.state;
    if (!window.confirm(t('confirmDelete'))) return;
    await this.busy(async () => {
      const record = await actions.deleteFeature(layer, this.versions, selection.feature);
      this.history.push(record);
      this.afterWrite(null, t('deleted'));
    });
  }

  async step(direction) {
    const { layer, schema } = this.state;
    const record = direction === 'undo' ? this.history.peekUndo() : this.history.peekRedo();
    if (!record) return;
    await this.busy(async () => {
      const result = await actions.runStep(layer, schema, this.versions, direction === 'undo' ? inverse(record) : replay(record));
      if (result.recreatedFrom != null) this.history.remap(result.recreatedFrom, result.feature);
      if (direction === 'undo') this.history.markUndone();
      else this.history.markRedone();
      this.afterWrite(result.feature, t(direction));
    });
  }

  /** After any write: show what the server now has, and redraw the layer from the server. */
  afterWrite(feature, message) {
    refreshVectorSource(this.map, this.state.layer.id, Date.now());
    if (feature) this.select(feature);
    else this.clearSelection();
    this.panel.setStatus(message, 'ok');
  }

  async busy(work) {
    this.state.busy = true;
    this.render();
    if (this.form) clearErrors(this.form);
    try {
      await work();
      return true;
    } catch (err) {
      await this.fail(err);
      return false;
    } finally {
      this.state.busy = false;
      this.render();
    }
  }

  async fail(err) {
    if (!(err instanceof ApiError)) {
      console.error(err);
      this.panel.setStatus(`${t('errorGeneric')}: ${err.message}`, 'error');
      return;
    }
    if (err.status === 400 && this.form) {
      showErrors(this.form, this.state.schema, err.fieldErrors);
      this.panel.setStatus(t('errorGeneric'), 'error');
    } else if (err.status === 412 && this.state.selection) {
      // Someone else saved first: the server's version wins; the history no longer applies.
      this.history.clear();
      this.select(err.body.current);
      this.versions.remember(err.body.current.id, err.response.headers.get('ETag'));
      this.panel.setStatus(t('conflict'), 'error');
    } else {
      const detail = err.body && (err.body.detail || JSON.stringify(err.body.errors || err.body));
      this.panel.setStatus(`${t('errorGeneric')} (${err.status})${detail ? `: ${detail}` : ''}`, 'error');
    }
  }

  cancel() {
    this.clearSelection();
    this.render();
  }

  clearSelection() {
    this.drawing.clear();
    this.state.selection = null;
    this.state.drawing = null;
    this.hideOnTiles(null);
    this.form = null;
    this.panel.setForm('', null);
  }

  /** While a feature is edited, its copy in the vector tiles is hidden so it is not drawn twice. */
  hideOnTiles(featureId) {
    if (!this.state.layer) return;
    for (const id of mapLayerIdsOf(this.map.getStyle(), this.state.layer.id)) {
      this.map.setFilter(id, featureId == null ? null : ['!=', ['id'], featureId]);
    }
  }
}
