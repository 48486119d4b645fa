// The command view (/command/<event_id>/), on the wall layout 主中间，次两边: the map in the middle
// centred on the event with its 500 m / 1 km / 3 km rings, responders, camera view cones; on the
// left the event, the plan's tasks, instructions (with the form) and field reports; on the right
// responders, cameras (with the player), nearby resources and warehouses with stock, shelters opened
// for the event, warnings and the timeline. Everything beside the map comes from the board
// (/api/events/{id}/board/) and is refetched when a live change on the event's topic touches it.
// The map is made as soon as the layers are known, from the event the page carries; the nearest
// lists fill their panel when they come, the board's responders are in the first frame and its
// panels follow the first idle (command/first-draw.js).
// The shared setup is in shell/mount.js; each panel is a module in src/command/.
import '../css/base.css';
import '../css/wall.css';
import '../css/command.css';
import { api, getJSON } from '../core/api.js';
import { h } from '../core/dom.js';
import { lang, t } from '../core/i18n.js';
import { maplibregl } from '../core/map.js';
import { ringLabelPoints, ringsFeatureCollection } from '../core/rings.js';
import { EventCardControl } from '../controls/event-card.js';
import { LayerPanelControl } from '../controls/layer-panel.js';
import { NearbyControl } from '../controls/nearby.js';
import { loadFailedMessage } from '../shell/banner.js';
import { mountMapPage } from '../shell/mount.js';
import { mountSheets } from '../shell/sheets.js';
import { LABEL_FONT } from '../style/layers.js';
import { BoardFeed } from '../command/board.js';
import { CamerasPanel, addConeLayer } from '../command/cameras.js';
import { FIRST_VIEW_MAX_ZOOM, LateControl, boardLoader, commandData } from '../command/first-draw.js';
import { InstructionsPanel } from '../command/instructions.js';
import { ReportsPanel } from '../command/reports.js';
import { RespondersPanel, addResponderLayer, showResponders } from '../command/responders.js';
import { SheltersPanel } from '../command/shelters.js';
import { TasksPanel } from '../command/tasks.js';
import { TimelinePanel } from '../command/timeline.js';
import { VideoPlayer } from '../command/video.js';
import { WarehousesPanel } from '../command/warehouses.js';
import { WarningsPanel } from '../command/warnings.js';

const DEFAULT_RINGS = [500, 1000, 3000];
// Layers that start hidden (one click away in the layer panel): the dense point layers would bury
// the event under thousands of symbols and cost the first draw (bench/command_view.py); cameras are
// shown as this event's view cones instead, hazards and enterprises are in the nearby lists, and
// the people of this event are drawn from the board (command/responders.js), not from every
// position in the district.
const HIDDEN = ['cameras', 'hazards', 'enterprises', 'risk_zones', 'shelter_coverage', 'shelter_rectifications', 'personnel_positions'];
// Panels fed by the board; hidden while there is no board for this user.
const BOARD_PANELS = ['tasks', 'instructions', 'reports', 'responders', 'warnings', 'timeline'];

function addRings(map, center, radii) {
  map.addSource('rings', { type: 'geojson', data: ringsFeatureCollection(center, radii, lang()) });
  map.addSource('ring-labels', { type: 'geojson', data: ringLabelPoints(center, radii, lang()) });
  map.addSource('event-centre', { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: center } } });
  const colour = ['match', ['get', 'radius'], 500, '#ff3b3b', 1000, '#ff9f1a', '#ffd23f'];
  map.addLayer({ id: 'rings-fill', type: 'fill', source: 'rings', paint: { 'fill-color': colour, 'fill-opacity': 0.06 } }, firstPointLayer(map));
  map.addLayer({ id: 'rings-line', type: 'line', source: 'rings', paint: { 'line-color': colour, 'line-width': 2, 'line-dasharray': [3, 2] } }, firstPointLayer(map));
  map.addLayer({ id: 'rings-label', type: 'symbol', source: 'ring-labels',
    layout: { 'text-field': ['get', 'label'], 'text-font': LABEL_FONT, 'text-size': 14, 'text-allow-overlap': true, 'text-anchor': 'bottom' },
    paint: { 'text-color': colour, 'text-halo-color': '#000', 'text-halo-width': 1.5 } });
  map.addLayer({ id: 'event-centre', type: 'circle', source: 'event-centre',
    paint: { 'circle-radius': 14, 'circle-color': 'rgba(255,59,59,0.25)', 'circle-stroke-color': '#ff3b3b', 'circle-stroke-width': 3 } });
}

function ringBounds(center, radii) {
  const outer = ringsFeatureCollection(center, [Math.max(...radii)]).features[0].geometry.coordinates[0];
  return outer.reduce((b, c) => b.extend(c), new maplibregl.LngLatBounds(outer[0], outer[0]));
}

function fitRings(map, center, radii) {
  map.fitBounds(ringBounds(center, radii), { padding: 30, duration: 0, maxZoom: FIRST_VIEW_MAX_ZOOM });
}

function firstPointLayer(map) {
  const layer = map.getStyle().layers.find((l) => l.type === 'circle');
  return layer && layer.id;
}

const centreOf = (data) => data.event.geometry.coordinates;
const radiiOf = (data) => data.rings || DEFAULT_RINGS;
const withoutWarehouses = (nearby) => Object.fromEntries(Object.entries(nearby || {}).filter(([k]) => k !== 'warehouses'));

/** What the test hook and the benchmark read: how many board loads, the last board, the cameras,
 * the nearest lists once they came, and when the panels were filled (ms since navigation). */
const state = { boardLoads: 0, board: null, boardMissing: false, cameras: null, player: null, nearby: null, filledAt: {} };
const filled = (what) => {
  if (!(what in state.filledAt)) state.filledAt[what] = performance.now();
};
const ui = {};

function flyTo(map, item, zoom = 16) {
  if (ui.sheets) ui.sheets.close(); // on a phone the sheet would hide where the map goes
  if (Number.isFinite(item.lon) && Number.isFinite(item.lat)) map.flyTo({ center: [item.lon, item.lat], zoom: Math.max(map.getZoom(), zoom) });
}

function makePanels({ map, config, data }) {
  const eventId = config.eventId;
  const select = (item) => flyTo(map, item);
  ui.tasks = new TasksPanel();
  ui.instructions = new InstructionsPanel({ eventId, recipients: config.recipients, onSent: () => ui.feed.refresh('sent') });
  ui.reports = new ReportsPanel({ onSelect: select });
  ui.responders = new RespondersPanel({ map, onSelect: select });
  ui.player = new VideoPlayer(map.getContainer());
  state.player = ui.player;
  ui.cameras = new CamerasPanel({ map, onPlay: (cam) => { ui.sheets.close(); ui.player.play(cam); }, onSelect: select });
  ui.warehouses = new WarehousesPanel({ onSelect: select });
  ui.shelters = new SheltersPanel({ onSelect: select });
  ui.warnings = new WarningsPanel({ onSelect: select });
  ui.timeline = new TimelinePanel();
  ui.feed = new BoardFeed({
    load: boardLoader(data.board, () => getJSON(`/api/events/${eventId}/board/`)),
    onBoard: (board) => {
      state.boardLoads += 1;
      state.board = board;
      showBoard(board, config);
      filled('board');
    },
    onError: (err) => {
      if ([403, 404, 405].includes(err.status) && !state.board) {
        // No board for this user (or not on this server yet): its panels stay hidden; the
        // shelters opened for the event still come from the shelters app.
        state.boardMissing = true;
        loadShelters(eventId);
      }
    },
  });
}

function showBoard(board, config) {
  for (const name of BOARD_PANELS) ui[name].update(board);
  if (config.canCommand === false) ui.instructions.form.hidden = true;
  ui.shelters.update(board.shelters || []);
}

function loadShelters(eventId) {
  getJSON(`/api/events/${eventId}/shelters/`).then((body) => ui.shelters.update(body.shelters || []), () => ui.shelters.hide());
}

function loadCameras(eventId) {
  getJSON(`/api/events/${eventId}/cameras/`).then((body) => {
    state.cameras = body.cameras || [];
    ui.cameras.update(state.cameras);
    filled('cameras');
  }, () => ui.cameras.hide());
}

/** The nearest lists, when /api/events/{id}/nearby/ answers (asked for with the layers). */
function showNearby({ map, data, popups }) {
  data.nearby.then((body) => {
    state.nearby = body;
    ui.nearby.fill(new NearbyControl(withoutWarehouses(body.nearby), {
      language: lang(),
      onSelect: (layerId, item) => {
        ui.sheets.close();
        map.flyTo({ center: [item.lon, item.lat], zoom: Math.max(map.getZoom(), 16) });
        map.once('moveend', () => popups.openById(layerId, item.id));
      },
    }));
    filled('nearby');
    return body;
  }, (err) => ui.nearby.fill({ onAdd: () => h('section.panel.nearby-panel', { 'data-testid': 'nearby' },
    h('h2.panel-title', { text: t('nearby') }), h('p.cmd-empty', { text: loadFailedMessage(err, t('nearby')) })) }));
}

/** The panels fed by the board (asked for with the page), the cameras and the warehouses' stock
 * (asked for now): filled once the map is first idle, so their drawing and queries never hold up
 * its first frame. */
function startPanels({ config, data }) {
  ui.feed.refresh('first');
  loadCameras(config.eventId);
  data.nearby.then((body) => ui.warehouses.update(body.nearby.warehouses).then(() => filled('warehouses')), () => ui.warehouses.hide());
}

mountMapPage({
  subtitle: 'commandTitle',
  hidden: HIDDEN,
  load: (config) => commandData(config, (id) => api.nearby(id, 3000, 10), (id) => getJSON(`/api/events/${id}/board/`)),
  failure: (err) => err.denied || ([401, 403, 404].includes(err.status) ? t('eventNotFound') : loadFailedMessage(err)),
  // Made on the rings from the start, so its first tiles are those of the view it will show (the
  // panels' padding, known a frame later, only nudges the centre in onLoad).
  mapOptions: ({ data }) => ({ bounds: ringBounds(centreOf(data), radiiOf(data)), fitBoundsOptions: { padding: 30, maxZoom: FIRST_VIEW_MAX_ZOOM } }),
  onLoad: async (page) => {
    const { map, data } = page;
    addRings(map, centreOf(data), radiiOf(data));
    addConeLayer(map, 'rings-label');
    addResponderLayer(map);
    fitRings(map, centreOf(data), radiiOf(data));
    // The event's responders are part of the first frame (asked for with the page, like the layers).
    await data.board.then((board) => showResponders(map, board.responders || []), () => {});
    map.once('idle', () => startPanels(page));
  },
  controls: (page) => {
    const { layers, data } = page;
    makePanels(page);
    // A phone: the columns become bottom sheets opened from a tab bar under the map.
    ui.sheets = mountSheets(document.getElementById('app'), page.map.getContainer(), [
      { key: 'event', label: 'sheetEvent', selector: '.event-card, [data-panel="tasks"]' },
      { key: 'orders', label: 'sheetOrders', selector: '[data-panel="instructions"], [data-panel="reports"]' },
      { key: 'field', label: 'sheetField', selector: '[data-panel="responders"], [data-panel="cameras"], [data-panel="timeline"]' },
      { key: 'nearby', label: 'sheetNearby', selector: '.nearby-panel, [data-panel="warehouses"], [data-panel="shelters"], [data-panel="warnings"]' },
      { key: 'layers', label: 'sheetLayers', selector: '.layer-panel' },
    ]);
    ui.nearby = new LateControl();
    showNearby(page);
    return [
      [new EventCardControl(layers.find((l) => l.id === 'events'), data.event, radiiOf(data)), 'top-left'],
      [ui.tasks, 'top-left'],
      [ui.instructions, 'top-left'],
      [ui.reports, 'top-left'],
      [new LayerPanelControl(layers, { persist: false, hidden: HIDDEN }), 'top-left'],
      [ui.responders, 'top-right'],
      [ui.cameras, 'top-right'],
      [ui.nearby, 'top-right'],
      [ui.warehouses, 'top-right'],
      [ui.shelters, 'top-right'],
      [ui.warnings, 'top-right'],
      [ui.timeline, 'top-right'],
    ];
  },
  live: ({ config }) => ({ event: config.eventId }),
  onChanges: (changes, changedLayers, { config }) => {
    ui.feed.changed(changes);
    if (state.boardMissing && changes.some((c) => c.record === 'shelter_opening')) loadShelters(config.eventId);
    if (changedLayers.has('cameras')) loadCameras(config.eventId);
  },
  expose: ({ data }) => ({ command: { event: data.event, center: centreOf(data), radii: radiiOf(data), state }, sheets: ui.sheets }),
});
