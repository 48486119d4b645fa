// The desk editor (/editor/): the composition root. Signed-in layer staff pick a layer they may
// write, draw or select a feature, edit its attributes, and save through the API.
import '../css/base.css';
import '../css/editor.css';
import { api } from '../core/api.js';
import { createMap } from '../core/map.js';
import { LayerPanelControl } from '../controls/layer-panel.js';
import { SearchControl } from '../controls/search.js';
import { Drawing } from '../editor/draw.js';
import { EditorController } from '../editor/controller.js';
import { EditorPanelControl } from '../editor/panel.js';
import { attachFeaturePopups } from '../interact/features.js';
import { Highlighter } from '../interact/highlight.js';
import { ClickRouter, keyOf } from '../interact/router.js';
import { LiveChanges, refreshOnChanges } from '../live/changes.js';
import { buildStyle } from '../style/build.js';
import { applyPolygonLabels, fetchPolygonLabels, loadPolygonLabels } from '../style/polygon-labels.js';
import { fitPanels } from './panels.js';
import { loadLayers, startPage } from './shell.js';

async function main() {
  const config = startPage('editorTitle');
  const layers = await loadLayers(api);
  if (!layers) return;
  const style = buildStyle(layers, { origin: window.location.origin, basemap: config.basemap, warn: console.warn });
  const labels = fetchPolygonLabels(style, layers);
  const map = createMap('map', style, { onLoad: async (m) => applyPolygonLabels(m, await labels), doubleClickZoom: false });

  const router = new ClickRouter(map);
  const highlighter = new Highlighter(map);
  attachFeaturePopups(map, router, layers, highlighter);

  let controller = null;
  const panel = new EditorPanelControl(layers, {
    onLayer: (id) => controller.selectLayer(id, layers),
    onOperation: (op) => controller.run(op),
  });
  map.addControl(panel, 'top-left');
  map.addControl(new SearchControl(), 'top-right');
  map.addControl(new LayerPanelControl(layers, { persist: false }), 'top-right');
  fitPanels(map);

  map.on('load', () => {
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
  });

  new LiveChanges({ onChanges: refreshOnChanges(map, (changes, changed) => loadPolygonLabels(map, layers, changed)) }).start();
  window.__onemap = { layers, router, keyOf };
}

main();
