// Distance rings around an event, drawn client-side as GeoJSON circles (the nearest lists are
// computed by PostGIS on the server; these are only drawn).
const EARTH_RADIUS_M = 6371008.8;
const rad = (d) => (d * Math.PI) / 180;
const deg = (r) => (r * 180) / Math.PI;

/** The point `distance` metres from [lon, lat] on bearing `bearing` degrees (great circle). */
export function destination([lon, lat], distance, bearing) {
  const d = distance / EARTH_RADIUS_M;
  const b = rad(bearing);
  const la1 = rad(lat);
  const lo1 = rad(lon);
  const la2 = Math.asin(Math.sin(la1) * Math.cos(d) + Math.cos(la1) * Math.sin(d) * Math.cos(b));
  const lo2 = lo1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(la1), Math.cos(d) - Math.sin(la1) * Math.sin(la2));
  return [deg(lo2), deg(la2)];
}

/** Haversine distance in metres. */
export function distanceM([lon1, lat1], [lon2, lat2]) {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a));
}

/** A closed polygon ring approximating a circle of `radius` metres. */
export function circleRing(center, radius, steps = 96) {
  const ring = [];
  for (let i = 0; i < steps; i += 1) ring.push(destination(center, radius, (360 * i) / steps));
  ring.push(ring[0]);
  return ring;
}

export function ringLabel(radius, language = 'zh') {
  if (radius >= 1000) return language === 'en' ? `${radius / 1000} km` : `${radius / 1000}公里`;
  return language === 'en' ? `${radius} m` : `${radius}米`;
}

/** Rings as a FeatureCollection of polygons, largest first so small ones draw on top. */
export function ringsFeatureCollection(center, radii = [500, 1000, 3000], language = 'zh') {
  return {
    type: 'FeatureCollection',
    features: [...radii].sort((a, b) => b - a).map((radius) => ({
      type: 'Feature',
      id: radius,
      properties: { radius, label: ringLabel(radius, language) },
      geometry: { type: 'Polygon', coordinates: [circleRing(center, radius)] },
    })),
  };
}

/** Label anchors: the northern-most point of each ring. */
export function ringLabelPoints(center, radii = [500, 1000, 3000], language = 'zh') {
  return {
    type: 'FeatureCollection',
    features: radii.map((radius) => ({
      type: 'Feature',
      properties: { radius, label: ringLabel(radius, language) },
      geometry: { type: 'Point', coordinates: destination(center, radius, 0) },
    })),
  };
}
