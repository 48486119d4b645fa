// The command view (/command/<event_id>/), on the wall layout 主中间，次两边: the map in the middle
// centred on the event with its 500 m / 1 km / 3 km rings, responders, camera view cones; on the
// left the event, the plan's tasks, instructions (with the form) and field reports; on the right
// responders, cameras (with the player), nearby resources and warehouses with stock, shelters opened
// for the event, warnings and the timeline. Everything beside the map comes from the board
// (/api/events/{id}/board/) and is refetched when a live change on the event's topic touches it.
// The shared setup is in shell/mount.js; each panel is a module in src/command/.
import '../css/base.css';
import '../css/wall.css';
import '../css/command.css';
import { api, getJSON } from '../core/api.js';
import { lang, t } from '../core/i18n.js';
import { maplibregl } from '../core/map.js';
import { ringLabelPoints, ringsFeatureCollection } from '../core/rings.js';
import { EventCardControl } from '../controls/event-card.js';
import { LayerPanelControl } from '../controls/layer-panel.js';
import { NearbyControl } from '../controls/nearby.js';
import { loadFailedMessage } from '../shell/banner.js';
import { mountMapPage } from '../shell/mount.js';
import { LABEL_FONT } from '../style/layers.js';
import { BoardFeed } from '../command/board.js';
import { CamerasPanel, addConeLayer } from '../command/cameras.js';
import { InstructionsPanel } from '../command/instructions.js';
import { ReportsPanel } from '../command/reports.js';
import { RespondersPanel, addResponderLayer } from '../command/responders.js';
import { SheltersPanel } from '../command/shelters.js';
import { TasksPanel } from '../command/tasks.js';
import { TimelinePanel } from '../command/timeline.js';
import { VideoPlayer } from '../command/video.js';
import { WarehousesPanel } from '../command/warehouses.js';
import { WarningsPanel } from '../command/warnings.js';

const DEFAULT_RINGS = [500, 1000, 3000];
// Layers that start hidden (one click away in the layer panel): the dense point layers would bury
// the event under thousands of symbols and cost the first draw (bench/command_view.py); cameras are
// shown as this event's view cones instead, hazards and enterprises are in the nearby lists.
const HIDDEN = ['cameras', 'hazards', 'enterprises', 'risk_zones', 'shelter_coverage', 'shelter_rectifications'];
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

function fitRings(map, center, radii) {
  const outer = ringsFeatureCollection(center, [Math.max(...radii)]).features[0].geometry.coordinates[0];
  const bounds = outer.reduce((b, c) => b.extend(c), new maplibregl.LngLatBounds(outer[0], outer[0]));
  map.fitBounds(bounds, { padding: 30, duration: 0 });
}

function firstPointLayer(map) {
  const layer = map.getStyle().layers.find((l) => l.type === 'circle');
  return layer && layer.id;
}

const centreOf = (nearby) => nearby.event.geometry.coordinates;
const radiiOf = (nearby) => nearby.rings || DEFAULT_RINGS;
const withoutWarehouses = (nearby) => Object.fromEntries(Object.entries(nearby || {}).filter(([k]) => k !== 'warehouses'));

/** What the test hook and the benchmark read: how many board loads, the last board, the cameras. */
const state = { boardLoads: 0, board: null, boardMissing: false, cameras: null, player: null };
const ui = {};

function flyTo(map, item, zoom = 16) {
  if (Number.isFinite(item.lon) && Number.isFinite(item.lat)) map.flyTo({ center: [item.lon, item.lat], zoom: Math.max(map.getZoom(), zoom) });
}

function makePanels({ map, config }) {
  const eventId = config.eventId;
  const select = (item) => flyTo(map, item);
  ui.tasks = new TasksPanel();
  ui.instructions = new InstructionsPanel({ eventId, recipients: config.recipients, onSent: () => ui.feed.refresh('sent') });
  ui.reports = new ReportsPanel({ onSelect: select });
  ui.responders = new RespondersPanel({ map, onSelect: select });
  ui.player = new VideoPlayer(map.getContainer());
  state.player = ui.player;
  ui.cameras = new CamerasPanel({ map, onPlay: (cam) => ui.player.play(cam), onSelect: select });
  ui.warehouses = new WarehousesPanel({ onSelect: select });
  ui.shelters = new SheltersPanel({ onSelect: select });
  ui.warnings = new WarningsPanel({ onSelect: select });
  ui.timeline = new TimelinePanel();
  ui.feed = new BoardFeed({
    load: () => getJSON(`/api/events/${eventId}/board/`),
    onBoard: (board) => {
      state.boardLoads += 1;
      state.board = board;
      showBoard(board, config);
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
  }, () => ui.cameras.hide());
}

/** Data beside the map: started once the map has its layers, never holding up its first draw. */
function startPanels({ config, data }) {
  ui.feed.refresh('first');
  loadCameras(config.eventId);
  ui.warehouses.update(data.nearby.warehouses);
}

mountMapPage({
  subtitle: 'commandTitle',
  hidden: HIDDEN,
  load: (config) => (config.denied ? Promise.reject({ status: 403, denied: config.denied }) : api.nearby(config.eventId, 3000, 10)),
  failure: (err) => err.denied || ([401, 403, 404].includes(err.status) ? t('eventNotFound') : loadFailedMessage(err)),
  mapOptions: ({ data }) => ({ center: centreOf(data), zoom: 14 }),
  onLoad: (page) => {
    const { map, data } = page;
    addRings(map, centreOf(data), radiiOf(data));
    addConeLayer(map, 'rings-label');
    addResponderLayer(map);
    fitRings(map, centreOf(data), radiiOf(data));
    startPanels(page);
  },
  controls: (page) => {
    const { map, layers, data, popups } = page;
    makePanels(page);
    return [
      [new EventCardControl(layers.find((l) => l.id === 'events'), data.event, radiiOf(data)), 'top-left'],
      [ui.tasks, 'top-left'],
      [ui.instructions, 'top-left'],
      [ui.reports, 'top-left'],
      [new LayerPanelControl(layers, { persist: false, hidden: HIDDEN }), 'top-left'],
      [ui.responders, 'top-right'],
      [ui.cameras, 'top-right'],
      [new NearbyControl(withoutWarehouses(data.nearby), {
        language: lang(),
        onSelect: (layerId, item) => {
          map.flyTo({ center: [item.lon, item.lat], zoom: Math.max(map.getZoom(), 16) });
          map.once('moveend', () => popups.openById(layerId, item.id));
        },
      }), 'top-right'],
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
  expose: ({ data }) => ({ command: { event: data.event, nearby: data, center: centreOf(data), radii: radiiOf(data), state } }),
});
