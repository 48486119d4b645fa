// The map wall (/): a calm map by default (our street map, open events, warnings, shelters; the
// rest one click away), the open-events panel with command mode, search, layer panel + legend,
// base-map switcher, situation counters, the warnings strip and the duty panel; simulated live
// points for the benchmark. The shared setup is in shell/mount.js.
import '../css/base.css';
import '../css/wall.css';
import { BasemapSwitcherControl } from '../controls/basemap-switcher.js';
import { canCommand } from '../controls/command-mode.js';
import { DutyControl } from '../controls/duty.js';
import { ExposureControl } from '../controls/exposure.js';
import { FeedsControl } from '../controls/feeds.js';
import { hiddenLayers, loadChoice, loadShowClosed } from '../controls/layer-choice.js';
import { LayerPanelControl } from '../controls/layer-panel.js';
import { OpenEventsControl, severityColour } from '../controls/open-events.js';
import { SearchControl } from '../controls/search.js';
import { StatsControl } from '../controls/stats.js';
import { WarningsControl } from '../controls/warnings.js';
import { pageConfig } from '../core/dom.js';
import { pulseAt } from '../interact/announce.js';
import { LivePoints, Simulator } from '../live/points.js';
import { mountMapPage } from '../shell/mount.js';
import { mountSheets } from '../shell/sheets.js';
import { applyEventFilter } from '../style/event-filter.js';

/** Frames the district inside the panels (the camera's padding is the panels' width), so street
 * names and events are never under a panel. The base layer's label extent tells where it is. */
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

/** A phone's tab bar: one group of panels at a time as a bottom sheet (the counters stay in a strip). */
function phoneSheets({ map, config: cfg }) {
  return mountSheets(document.getElementById('app'), map.getContainer(), [
    { key: 'events', label: 'sheetEvents', selector: '.open-events-panel' },
    { key: 'layers', label: 'sheetLayers', selector: '.basemap-panel, .layer-panel' },
    { key: 'situation', label: 'sheetSituation', selector: '.stats-panel, .exposure-panel' },
    { key: 'warnings', label: 'sheetWarnings', selector: '.warnings-panel, .feeds-alert', alert: '.feeds-alert' },
    ...(cfg.dutyPanel ? [{ key: 'duty', label: 'sheetDuty', selector: '.duty-panel' }] : []),
  ]);
}

/** Fly to an event (its layer switched on if it was off) and open its popup. */
function showEvent({ map, popups }, layerPanel, feature) {
  if (layerPanel.hidden.has('events')) layerPanel.setVisible('events', true);
  const [lon, lat] = feature.geometry.coordinates;
  map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 15), duration: 800, essential: true });
  return popups.openById('events', feature.id, { within: 8000 });
}

const config = pageConfig();
const hidden = hiddenLayers(config.layerIds || [], loadChoice());
let stats = null;
let openEvents = null;
let sheets = null;
/** A choice in a panel shows something on the map: on a phone its sheet would hide it, so it shuts. */
const shutSheet = (fn) => (...args) => {
  if (sheets) sheets.close();
  return fn(...args);
};

mountMapPage({
  hidden,
  onLoad: (page, labels) => {
    applyEventFilter(page.map, loadShowClosed());
    return frameDistrict(page, labels);
  },
  controls: (page) => {
    const { layers, popups, map } = page;
    const warnings = new WarningsControl({ onSelect: shutSheet((w) => popups.openById('warnings', w.id)) });
    stats = new StatsControl({ onStats: (s) => warnings.update(s.warnings || []) });
    const layerPanel = new LayerPanelControl(layers, { hidden, closedEvents: true });
    const eventsLayer = layers.find((l) => l.id === 'events');
    openEvents = eventsLayer ? new OpenEventsControl(eventsLayer, {
      canCommand: canCommand(page.config),
      onSelect: shutSheet((feature) => showEvent(page, layerPanel, feature)),
      onAnnounce: (feature) => pulseAt(map, feature.geometry.coordinates, { id: feature.id, colour: severityColour(feature.properties.severity) }),
    }) : null;
    const basemaps = page.config.basemaps || [];
    sheets = phoneSheets(page);
    return [
      [new SearchControl({ onResult: (r) => popups.openById(r.layer, r.id) }), 'top-left'],
      ...(openEvents ? [[openEvents, 'top-left']] : []),
      ...(basemaps.length ? [[new BasemapSwitcherControl(basemaps, { current: page.config.basemap ? page.config.basemap.id : null }), 'top-left']] : []),
      [layerPanel, 'top-left'],
      [stats, 'top-right'],
      [warnings, 'top-right'],
      [new ExposureControl({ map, stats }), 'top-right'], // red/orange warning: what lies inside its area
      ...(page.config.dutyPanel ? [[new DutyControl(), 'top-right']] : []),
      // silent agency feeds (etl/feeds), for the roles that may see them
      ...(page.config.feedsPanel ? [[new FeedsControl(), 'top-right']] : []),
    ];
  },
  onChanges: (changes) => {
    stats.refresh();
    if (openEvents) openEvents.changed(changes);
  },
  expose: ({ map }) => ({ simulator: simulatedPoints(map), openEvents, sheets }),
});
