// The desk editor (/editor/): signed-in layer staff pick a layer they may write, draw or select a
// feature, edit its attributes, and save through the API. The shared setup is in shell/mount.js.
import '../css/base.css';
import '../css/editor.css';
import { LayerPanelControl } from '../controls/layer-panel.js';
import { SearchControl } from '../controls/search.js';
import { Drawing } from '../editor/draw.js';
import { EditorController } from '../editor/controller.js';
import { EditorPanelControl } from '../editor/panel.js';
import { keyOf } from '../interact/router.js';
import { mountMapPage } from '../shell/mount.js';

let panel = null;
let controller = null;

/** terra-draw needs a loaded map; the controller owns the editing flow from then on. */
function startEditing({ map, router, layers }) {
  const drawing = new Drawing(map, { onFinish: (id, context, geometry) => controller.onFinish(id, context, geometry) });
  controller = new EditorController(map, drawing, panel, router);
  // Features of the layer being edited go to the editor, ahead of every popup.
  router.add('*', (feature) => controller.pick(feature.id), (key) => (controller.state.layer && key === controller.state.layer.id ? 1e6 : -1));
  controller.render();
  const wanted = new URLSearchParams(window.location.search).get('layer');
  if (wanted && layers.some((l) => l.id === wanted && l.writable)) {
    panel.select.value = wanted;
    controller.selectLayer(wanted, layers);
  }
}

mountMapPage({
  subtitle: 'editorTitle',
  mapOptions: () => ({ doubleClickZoom: false }),
  onLoad: startEditing,
  controls: ({ layers }) => {
    panel = new EditorPanelControl(layers, {
      onLayer: (id) => controller.selectLayer(id, layers),
      onOperation: (op) => controller.run(op),
    });
    return [
      [panel, 'top-left'],
      [new SearchControl(), 'top-right'],
      [new LayerPanelControl(layers, { persist: false }), 'top-right'],
    ];
  },
  expose: () => ({ keyOf }),
});
