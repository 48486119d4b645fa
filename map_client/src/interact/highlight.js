// Hover and selection through feature-state (paint-only, so no re-layout of tiles).
import { keyOf } from './router.js';

function target(feature) {
  if (!feature || feature.id == null) return null;
  const t = { source: feature.source, id: feature.id };
  if (feature.sourceLayer) t.sourceLayer = feature.sourceLayer;
  return t;
}

export class Highlighter {
  constructor(map, { interactive = () => true } = {}) {
    this.map = map;
    this.interactive = interactive;
    this.hovered = null;
    this.selected = null;
    this.pending = false;
    map.on('mousemove', (e) => {
      this.lastPoint = e.point;
      if (this.pending) return;
      this.pending = true;
      requestAnimationFrame(() => {
        this.pending = false;
        this.hoverAt(this.lastPoint);
      });
    });
    map.getCanvas().addEventListener('mouseleave', () => this.setHover(null));
  }

  hoverAt(point) {
    const features = this.map.queryRenderedFeatures([[point.x - 3, point.y - 3], [point.x + 3, point.y + 3]])
      .filter((f) => this.interactive(keyOf(f)));
    this.setHover(features[0] || null);
    this.map.getCanvas().style.cursor = features.length ? 'pointer' : '';
  }

  set(kind, feature) {
    const prev = this[kind];
    if (prev) {
      try {
        this.map.setFeatureState(prev, { [kind === 'hovered' ? 'hover' : 'selected']: false });
      } catch {
        /* source gone */
      }
    }
    const next = target(feature);
    this[kind] = next;
    if (next) this.map.setFeatureState(next, { [kind === 'hovered' ? 'hover' : 'selected']: true });
  }

  setHover(feature) {
    this.set('hovered', feature);
  }

  setSelected(feature) {
    this.set('selected', feature);
  }
}
