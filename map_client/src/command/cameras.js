// Cameras around the event (GET /api/events/{id}/cameras/): those whose view covers the event first,
// then by distance, each with why; their view cones on the map; "play" opens the player (HLS) or the
// camera's own link in a new tab.
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { conesCollection } from './cones.js';
import { distance } from './format.js';
import { Panel, empty } from './panel.js';

const SOURCE = 'cmd-cones';

export function addConeLayer(map, before) {
  map.addSource(SOURCE, { type: 'geojson', data: conesCollection([]) });
  const colour = ['case', ['get', 'covers'], '#39e1ff', '#8aa4c0'];
  map.addLayer({ id: 'cmd-cones-fill', type: 'fill', source: SOURCE, paint: { 'fill-color': colour, 'fill-opacity': ['case', ['get', 'covers'], 0.28, 0.1] } }, before);
  map.addLayer({ id: 'cmd-cones-line', type: 'line', source: SOURCE, paint: { 'line-color': colour, 'line-width': 1.5 } }, before);
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
