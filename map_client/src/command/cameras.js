// Cameras around the event (GET /api/events/{id}/cameras/): those whose view covers the event first,
// then by distance, each with why; their view cones on the map; "play" opens the player (HLS) or the
// camera's own link in a new tab.
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { conesCollection } from './cones.js';
import { distance } from './format.js';
import { Panel, empty } from './panel.js';

const SOURCE = 'cmd-cones';

/** Zoom from which the cones of cameras that do not see the event are drawn too: around the event
 * at its first zoom there are a hundred or more, a blur over the streets; the cameras that see the
 * event are drawn at every zoom, and the list has every camera with its distance. */
export const ALL_CONES_ZOOM = 15;

/** The cone layers: [id, covering?, minzoom] (the covering ones above). */
export const CONE_LAYERS = [['cmd-cones-other', false, ALL_CONES_ZOOM], ['cmd-cones', true, 0]];

export function addConeLayer(map, before) {
  map.addSource(SOURCE, { type: 'geojson', data: conesCollection([]) });
  for (const [id, covers, minzoom] of CONE_LAYERS) {
    const filter = ['==', ['get', 'covers'], covers];
    const colour = covers ? '#39e1ff' : '#8aa4c0';
    map.addLayer({ id: `${id}-fill`, type: 'fill', source: SOURCE, minzoom, filter, paint: { 'fill-color': colour, 'fill-opacity': covers ? 0.28 : 0.1 } }, before);
    map.addLayer({ id: `${id}-line`, type: 'line', source: SOURCE, minzoom, filter, paint: { 'line-color': colour, 'line-width': 1.5 } }, before);
  }
}

export class CamerasPanel extends Panel {
  constructor({ map, onPlay, onSelect }) {
    super('cameras', 'cmdCameras');
    this.map = map;
    this.onPlay = onPlay;
    this.onSelect = onSelect;
  }

  update(cameras) {
    const source = this.map.getSource(SOURCE);
    if (source) source.setData(conesCollection(cameras));
    const covering = cameras.filter((c) => c.covers).length;
    this.fill(cameras.length ? h('ul.cmd-list', {}, cameras.map((cam) => h('li.cmd-item.camera', { dataset: { id: cam.id, covers: cam.covers ? '1' : '0', kind: cam.stream_kind || 'none' } },
      h('div.cmd-row', {},
        h('span.cmd-name', { text: cam.name, onclick: () => this.onSelect(cam) }),
        cam.covers ? h('span.cmd-badge.ok', { text: t('cmdCovers') }) : null,
        h('span.cmd-meta', { text: distance(cam.distance_m) })),
      cam.reason ? h('div.cmd-meta', { text: cam.reason }) : null,
      h('button.cmd-button.play', {
        type: 'button', disabled: !cam.stream_url || cam.stream_kind === 'none',
        text: t(cam.stream_kind === 'link' ? 'cmdOpenLink' : 'cmdPlay'), onclick: () => this.onPlay(cam),
      })))) : empty(), `${covering}/${cameras.length}`);
  }
}
