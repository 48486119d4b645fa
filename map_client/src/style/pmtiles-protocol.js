// The pmtiles:// protocol for MapLibre: a PMTiles archive on our server (ONEMAP_PMTILES_PATH,
// served with HTTP range requests at /basemap/<name>) is read tile by tile, never downloaded whole.
// Registered once per page, before any map asks for a pmtiles:// source.
import { Protocol } from 'pmtiles';

let registered = false;

export function registerPmtiles(maplibregl) {
  if (registered) return;
  const protocol = new Protocol();
  maplibregl.addProtocol('pmtiles', protocol.tile);
  registered = true;
}
