// A camera's view cone on the map: the sector its lens covers, from its position, heading (degrees
// clockwise from north) and field-of-view angle, out to a range. Metres are turned into degrees on a
// local tangent plane, which is exact enough within a few hundred metres of a camera in Shanghai.
// The server judges coverage with settings.ONEMAP_CAMERA_RANGE_M (default 300 m); a camera that
// reports its own `range_m` is drawn with that.
export const DEFAULT_RANGE_M = 300;
const M_PER_DEG_LAT = 110_574;

/** Degrees of longitude and latitude for `east`/`north` metres around `lat`. */
export function offset([lon, lat], east, north) {
  const mPerDegLon = 111_320 * Math.cos((lat * Math.PI) / 180);
  return [lon + east / mPerDegLon, lat + north / M_PER_DEG_LAT];
}

/**
 * The cone as a GeoJSON Polygon ring: apex, arc from heading − fov/2 to heading + fov/2, apex.
 * A camera without a heading, or one that sees all around (fov ≥ 360), gets a full circle. `null`
 * when the position is missing.
 */
export function viewCone(position, heading, fov, rangeM = DEFAULT_RANGE_M, steps = 24) {
  if (!position || !Number.isFinite(position[0]) || !Number.isFinite(position[1])) return null;
  const all = !Number.isFinite(heading) || !Number.isFinite(fov) || fov >= 360;
  const width = all ? 360 : Math.max(1, fov);
  const start = all ? 0 : heading - width / 2;
  const arc = [];
  for (let i = 0; i <= steps; i += 1) {
    const bearing = ((start + (width * i) / steps) * Math.PI) / 180;
    arc.push(offset(position, rangeM * Math.sin(bearing), rangeM * Math.cos(bearing)));
  }
  const ring = all ? [...arc.slice(0, -1), arc[0]] : [position, ...arc, position];
  return { type: 'Polygon', coordinates: [ring] };
}

/** The cameras' cones as a FeatureCollection (feature id = camera id) for a GeoJSON source. */
export function conesCollection(cameras, rangeM = DEFAULT_RANGE_M) {
  const features = [];
  for (const cam of cameras || []) {
    const geometry = viewCone([cam.lon, cam.lat], cam.heading, cam.field_of_view, cam.range_m || rangeM);
    if (!geometry) continue;
    features.push({ type: 'Feature', id: cam.id, geometry, properties: { id: cam.id, name: cam.name, covers: !!cam.covers } });
  }
  return { type: 'FeatureCollection', features };
}
