// The map wall (/): search, layer panel + legend, situation counters, the warnings strip, and
// simulated live points for the benchmark. The shared setup is in shell/mount.js.
import '../css/base.css';
import '../css/wall.css';
import { DutyControl } from '../controls/duty.js';
import { LayerPanelControl, loadHidden } from '../controls/layer-panel.js';
import { SearchControl } from '../controls/search.js';
import { StatsControl } from '../controls/stats.js';
import { WarningsControl } from '../controls/warnings.js';
import { LivePoints, Simulator } from '../live/points.js';
import { mountMapPage } from '../shell/mount.js';

/** Frames the district: the base layer's label extent tells where Changning is. */
async function frameDistrict({ map, layers }, labels) {
  const fetched = await labels;
  const base = fetched.find(([id, , extent]) => extent && layers.find((l) => l.id === id)?.group === 'base');
  if (base) map.fitBounds(base[2], { padding: 24, duration: 0, maxZoom: 15 });
}

/** Moving points: the real feed plugs in here; the benchmark drives the simulator. */
function simulatedPoints(map) {
  let points = null;
  let simulator = null;
  return {
    simulate(count = 1000) {
      if (!points) points = new LivePoints(map, { id: 'live-points' });
      simulator = new Simulator(count);
      return points.apply(simulator.step());
    },
    tick() {
      return points.apply(simulator.step());
    },
  };
}

const hidden = loadHidden();
let stats = null;

mountMapPage({
  hidden,
  onLoad: frameDistrict,
  controls: ({ layers, popups }) => {
    const warnings = new WarningsControl({ onSelect: (w) => popups.openById('warnings', w.id) });
    stats = new StatsControl({ onStats: (s) => warnings.update(s.warnings || []) });
    return [
      [new SearchControl({ onResult: (r) => popups.openById(r.layer, r.id) }), 'top-left'],
      [new LayerPanelControl(layers, { hidden }), 'top-left'],
      [stats, 'top-right'],
      [warnings, 'top-right'],
      [new DutyControl(), 'top-right'],
    ];
  },
  onChanges: () => stats.refresh(),
  expose: ({ map }) => ({ simulator: simulatedPoints(map) }),
});
