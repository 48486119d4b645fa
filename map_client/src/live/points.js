// Live point layers (responders, vehicles): a GeoJSON source with feature ids, changed through
// `updateData` diffs batched per tick instead of `setData` of everything.

/**
 * The diff that takes the source from `known` (Map id -> [lon, lat]) to `positions`
 * (list of {id, lon, lat, properties?}). `complete` means ids missing from `positions` are removed.
 */
export function diffPositions(known, positions, { complete = false } = {}) {
  const add = [];
  const update = [];
  const seen = new Set();
  for (const p of positions) {
    seen.add(p.id);
    const coords = [p.lon, p.lat];
    const old = known.get(p.id);
    if (!old) {
      add.push({ type: 'Feature', id: p.id, properties: { ...(p.properties || {}), id: p.id }, geometry: { type: 'Point', coordinates: coords } });
    } else if (old[0] !== coords[0] || old[1] !== coords[1] || p.properties) {
      const change = { id: p.id, newGeometry: { type: 'Point', coordinates: coords } };
      if (p.properties) change.addOrUpdateProperties = Object.entries(p.properties).map(([key, value]) => ({ key, value }));
      update.push(change);
    }
  }
  const remove = complete ? [...known.keys()].filter((id) => !seen.has(id)) : [];
  return { add, update, remove };
}

export function applyDiffToIndex(known, diff) {
  for (const f of diff.add) known.set(f.id, f.geometry.coordinates);
  for (const u of diff.update) known.set(u.id, u.newGeometry.coordinates);
  for (const id of diff.remove) known.delete(id);
  return known;
}

export class LivePoints {
  constructor(map, { id = 'live-points', color = '#ff4dd2', beforeId } = {}) {
    this.map = map;
    this.id = id;
    this.known = new Map();
    map.addSource(id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id,
      type: 'circle',
      source: id,
      metadata: { 'onemap:layer': id },
      layout: { 'circle-sort-key': ['coalesce', ['get', 'priority'], 0] },
      paint: {
        'circle-radius': 4,
        'circle-color': ['case', ['boolean', ['feature-state', 'alarm'], false], '#ff3030', color],
        'circle-stroke-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#00e5ff', '#ffffff'],
        'circle-stroke-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, 1],
      },
    }, beforeId);
  }

  /** Applies one batch of positions; returns the diff sizes. */
  apply(positions, options) {
    const diff = diffPositions(this.known, positions, options);
    if (!diff.add.length && !diff.update.length && !diff.remove.length) return { add: 0, update: 0, remove: 0 };
    this.map.getSource(this.id).updateData(diff);
    applyDiffToIndex(this.known, diff);
    return { add: diff.add.length, update: diff.update.length, remove: diff.remove.length };
  }
}

/** Deterministic walkers around Changning for the wall benchmark (no server feed needed). */
export class Simulator {
  constructor(count, { center = [121.405, 31.213], spread = 0.05, seed = 1 } = {}) {
    let s = seed;
    const rand = () => {
      s = (s * 1664525 + 1013904223) % 4294967296;
      return s / 4294967296;
    };
    this.rand = rand;
    this.points = Array.from({ length: count }, (_, i) => ({
      id: i + 1,
      lon: center[0] + (rand() - 0.5) * spread * 2,
      lat: center[1] + (rand() - 0.5) * spread * 1.4,
      heading: rand() * Math.PI * 2,
    }));
  }

  /** Moves every point ~10–20 m and returns their positions. */
  step() {
    for (const p of this.points) {
      p.heading += (this.rand() - 0.5) * 0.6;
      const d = 0.0001 + this.rand() * 0.0001;
      p.lon += Math.cos(p.heading) * d;
      p.lat += Math.sin(p.heading) * d * 0.85;
    }
    return this.points.map(({ id, lon, lat }) => ({ id, lon, lat }));
  }
}
