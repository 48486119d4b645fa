// The server's own layer list and styles, so the unit tests exercise what the server sends.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const STYLES_DIR = join(import.meta.dirname, '..', '..', 'styles');

export function registryStyles() {
  return Object.fromEntries(readdirSync(STYLES_DIR).filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(STYLES_DIR, f), 'utf8'))]));
}

// What /api/layers/ answers an administrator, written by `python manage.py export_client_fixture`
// (tests/test_client_fixture.py fails while it is out of date): ids, groups, min zooms, access,
// labels, code lists and styles exactly as the server sends them.
const API_LAYERS = join(import.meta.dirname, 'fixtures', 'api-layers.json');

export function apiLayers() {
  return JSON.parse(readFileSync(API_LAYERS, 'utf8')).layers;
}
