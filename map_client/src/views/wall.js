// The map wall (/): the composition root. Each UI part is a MapLibre control added here.
import '../css/base.css';
import '../css/wall.css';
import { api } from '../core/api.js';
import { createMap } from '../core/map.js';
import { LayerPanelControl, loadHidden } from '../controls/layer-panel.js';
import { SearchControl } from '../controls/search.js';
import { StatsControl } from '../controls/stats.js';
import { WarningsControl } from '../controls/warnings.js';
import { attachFeaturePopups } from '../interact/features.js';
import { Highlighter } from '../interact/highlight.js';
import { ClickRouter } from '../interact/router.js';
import { LiveChanges, refreshOnChanges } from '../live/changes.js';
import { LivePoints, Simulator } from '../live/points.js';
import { buildStyle } from '../style/build.js';
import { applyPolygonLabels, fetchPolygonLabels, loadPolygonLabels } from '../style/polygon-labels.js';
import { fitPanels } from './panels.js';
import { loadLayers, startPage } from './shell.js';

async function main() {
  const config = startPage(null);
  const layers = await loadLayers(api);
  if (!layers) return;
  const hidden = loadHidden();
  const style = buildStyle(layers, { origin: window.location.origin, basemap: config.basemap, hidden, warn: console.warn });
  const labels = fetchPolygonLabels(style, layers);
  const map = createMap('map', style, {
    onLoad: async (m) => {
      const fetched = await labels;
      applyPolygonLabels(m, fetched);
      // Frame the district: the streets layer tells where Changning is.
      const base = fetched.find(([id, , extent]) => extent && layers.find((l) => l.id === id)?.group === 'base');
      if (base) m.fitBounds(base[2], { padding: 24, duration: 0, maxZoom: 15 });
    },
  });

  const highlighter = new Highlighter(map);
  const router = new ClickRouter(map);
  const popups = attachFeaturePopups(map, router, layers, highlighter);
  const warnings = new WarningsControl({ onSelect: (w) => popups.openById('warnings', w.id) });

  map.addControl(new SearchControl({ onResult: (r) => setTimeout(() => popups.openById(r.layer, r.id), 50) }), 'top-left');
  map.addControl(new LayerPanelControl(layers, { hidden }), 'top-left');
  const stats = new StatsControl({ onStats: (s) => warnings.update(s.warnings || []) });
  map.addControl(stats, 'top-right');
  map.addControl(warnings, 'top-right');
  fitPanels(map);

  const live = new LiveChanges({
    onChanges: refreshOnChanges(map, (changes, changed) => {
      stats.refresh();
      loadPolygonLabels(map, layers, changed);
    }),
  });
  live.start();

  // Live moving points: the real feed plugs in here; the benchmark drives the simulator.
  window.__live = {
    points: null,
    simulator: null,
    simulate(count = 1000) {
      if (!this.points) this.points = new LivePoints(map, { id: 'live-points' });
      this.simulator = new Simulator(count);
      return this.points.apply(this.simulator.step());
    },
    tick() {
      return this.points.apply(this.simulator.step());
    },
  };
  window.__onemap = { layers, router, popups, live };
}

main();
