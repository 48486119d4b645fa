// /api/layers/-shaped entries built from the real registry styles in ../../styles, so the unit
// tests exercise the styles the server actually sends.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const STYLES_DIR = join(import.meta.dirname, '..', '..', 'styles');

export function registryStyles() {
  return Object.fromEntries(readdirSync(STYLES_DIR).filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(STYLES_DIR, f), 'utf8'))]));
}

const META = {
  districts: ['base', 'MultiPolygon', 0, 'name'],
  shelters: ['shelters', 'Point', 0, 'name'],
  warehouses: ['resources', 'Point', 0, 'name'],
  resources: ['resources', 'Point', 10, 'name'],
  hazards: ['hazards', 'Point', 10, 'name'],
  enterprises: ['hazards', 'Point', 10, 'name'],
  risk_zones: ['hazards', 'MultiPolygon', 0, 'name'],
  cameras: ['cameras', 'Point', 0, 'name'],
  warnings: ['warnings', 'MultiPolygon', 0, 'headline'],
  events: ['events', 'Point', 0, 'title'],
  personnel_positions: ['people', 'Point', 0, 'name'],
};

export function apiLayers() {
  const styles = registryStyles();
  return Object.entries(META).filter(([id]) => styles[id]).map(([id, [group, geometry, minzoom, title]]) => ({
    id,
    title: { zh: `图层${id}`, en: `Layer ${id}` },
    group,
    geometry_type: geometry,
    access: 'public',
    editable: true,
    writable: false,
    minzoom,
    maxzoom: 22,
    title_property: title,
    properties: [
      { name: 'name', type: 'string', format: null, label: { zh: '名称', en: 'name' }, choices: null },
      { name: 'kind', type: 'string', format: null, label: { zh: '类型', en: 'kind' }, choices: { team: { zh: '救援队伍', en: 'Team' } } },
    ],
    style: styles[id],
    links: {
      collection: `http://127.0.0.1:8000/ogc/collections/${id}`,
      items: `http://127.0.0.1:8000/ogc/collections/${id}/items`,
      tiles: `http://127.0.0.1:8000/ogc/collections/${id}/tiles/WebMercatorQuad/{z}/{y}/{x}`,
    },
  }));
}
