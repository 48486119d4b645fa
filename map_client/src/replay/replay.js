// The replay page (/cases/<id>/replay/): the event played back on the map. The server answers
// the outline once (start, end, moments) and the state at any instant (/api/events/<id>/replay/
// ?at=); the page keeps a clock, asks for the state at the clock's instant — one request at a
// time, always the latest instant — and draws it. Shared map setup: shell/mount.js.
import '../css/base.css';
import '../css/wall.css';
import './replay.css';
import { getJSON } from '../core/api.js';
import { t } from '../core/i18n.js';
import { mountMapPage } from '../shell/mount.js';
import { ReplayClock } from './clock.js';
import { SideListControl, TimeBarControl } from './controls.js';
import { addReplayLayers, drawState } from './layers.js';

const TICK_MS = 250;
const url = (eventId, at) => `/api/events/${encodeURIComponent(eventId)}/replay/${at ? `?at=${encodeURIComponent(at)}` : ''}`;

const hook = { seeks: 0, state: null, positions: [] };
let clock = null;
let bar = null;
let list = null;
let page = null;
let inFlight = false;
let wanted = null;

async function fetchState() {
  if (inFlight || wanted == null) return;
  const at = wanted;
  wanted = null;
  inFlight = true;
  try {
    const state = await getJSON(url(page.config.eventId, new Date(at).toISOString()));
    hook.state = state;
    hook.positions = state.positions.map((p) => ({ responder: p.responder, lon: p.lon, lat: p.lat }));
    hook.seeks += 1;
    hook.shownAt = at;
    drawState(page.map, state);
    list.update(state, at);
  } finally {
    inFlight = false;
    if (wanted != null) fetchState();
  }
}

function show(at) {
  wanted = at;
  bar.update();
  fetchState();
}

function tick() {
  if (!clock.playing) return;
  const before = clock.time;
  clock.tick();
  if (clock.time !== before) show(clock.time);
  if (!clock.playing) bar.update();
}

mountMapPage({
  subtitle: null,
  load: (config) => getJSON(url(config.eventId)),
  failure: () => t('replayLoadFailed'),
  mapOptions: ({ data }) => ({ center: [data.lon, data.lat], zoom: 15 }),
  onLoad: (mounted) => {
    page = mounted;
    addReplayLayers(mounted.map, mounted.data);
    if (hook.state) drawState(mounted.map, hook.state); // fetched while the style loaded
  },
  controls: (mounted) => {
    const { data, config } = mounted;
    page = mounted;
    clock = new ReplayClock(Date.parse(data.start), Date.parse(data.end));
    bar = new TimeBarControl({
      clock,
      onSeek: (at) => show(clock.seek(at)),
      onPlay: () => { clock.play(); bar.update(); },
      onPause: () => { clock.pause(); bar.update(); },
      onSpeed: (s) => { clock.setSpeed(s); bar.update(); },
    });
    list = new SideListControl({ outline: data, caseUrl: config.caseUrl });
    setTimeout(() => show(clock.time), 0); // the first instant, without waiting for the map's style
    return [[list, 'top-right'], [bar, 'bottom-left']];
  },
  expose: ({ data }) => ({
    replay: Object.assign(hook, {
      outline: data,
      seek: (iso) => show(clock.seek(Date.parse(iso))),
      play: () => { clock.play(); bar.update(); },
      pause: () => { clock.pause(); bar.update(); },
      speed: (s) => { clock.setSpeed(s); bar.update(); },
      clock: () => ({ time: clock.time, playing: clock.playing, speed: clock.speed }),
    }),
  }),
}).then((mounted) => {
  page = mounted;
  if (mounted) setInterval(tick, TICK_MS);
});
