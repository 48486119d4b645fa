// The editor's left panel: layer picker, operation toolbar (disabled buttons say why), status,
// and the attribute form.
import { h } from '../core/dom.js';
import { pick, t } from '../core/i18n.js';
import { operationStates } from './operations.js';

const TOOLBAR = [['drawPoint', 'drawPolygon', 'moveVertex'], ['undo', 'redo']];
const FOOTER = ['save', 'cancel', 'delete'];

function geometryName(type) {
  const kind = /Polygon/.test(type) ? 'polygon' : /Line/.test(type) ? 'line' : 'point';
  return t(`geom_${kind}`);
}

export class EditorPanelControl {
  constructor(layers, { onLayer, onOperation }) {
    this.layers = layers;
    this.onLayer = onLayer;
    this.onOperation = onOperation;
    this.buttons = {};
  }

  onAdd() {
    const editable = this.layers.filter((l) => l.writable);
    this.select = h('select.layer-select', { 'data-testid': 'layer-select', onchange: (e) => this.onLayer(e.target.value) },
      h('option', { value: '', text: t('pickLayer') }),
      editable.map((l) => h('option', { value: l.id, text: `${pick(l.title)}（${geometryName(l.geometry_type)}）` })));
    const button = (id) => {
      const b = h('button.op', { type: 'button', dataset: { op: id }, text: t(id), onclick: () => this.onOperation(id) });
      this.buttons[id] = b;
      return b;
    };
    this.status = h('div.editor-status', { role: 'status', 'data-testid': 'editor-status' });
    this.formSlot = h('div.form-slot');
    this.heading = h('h3.form-heading');
    this.el = h('section.panel.editor-panel', { 'data-testid': 'editor-panel' },
      h('h2.panel-title', { text: t('editorTitle') }),
      editable.length ? this.select : h('p.editor-empty', { text: t('noEditableLayers') }),
      TOOLBAR.map((group) => h('div.toolbar', {}, group.map(button))),
      this.status,
      this.heading,
      this.formSlot,
      h('div.toolbar.footer', {}, FOOTER.map(button)));
    this.setStatus(t('clickToEdit'));
    return this.el;
  }

  /** Enables, disables and hides the buttons as the operations say, with the reason as a tooltip. */
  render(state) {
    for (const op of operationStates(state)) {
      const b = this.buttons[op.id];
      if (!b) continue;
      b.hidden = !op.available;
      b.disabled = !op.enabled;
      b.title = op.reason || '';
      if (op.reason) b.dataset.reason = op.reason;
      else delete b.dataset.reason;
      b.classList.toggle('active', (op.id === 'drawPoint' && state.drawing === 'point') || (op.id === 'drawPolygon' && state.drawing === 'polygon'));
    }
  }

  setForm(heading, form) {
    this.heading.textContent = heading || '';
    this.formSlot.replaceChildren(...(form ? [form] : []));
  }

  setStatus(text, kind = 'info') {
    this.status.textContent = text || '';
    this.status.dataset.kind = kind;
  }

  onRemove() {
    this.el.remove();
  }
}
