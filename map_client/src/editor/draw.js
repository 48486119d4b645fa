// terra-draw on MapLibre: draws new points and polygons, and moves vertices of the selected one.
// Holds at most one feature at a time: the draft or the feature being edited.
import { TerraDraw, TerraDrawPointMode, TerraDrawPolygonMode, TerraDrawSelectMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

const ACCENT = '#00e5ff';

export class Drawing {
  constructor(map, { onFinish = () => {}, onChange = () => {} } = {}) {
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPointMode({ styles: { pointColor: ACCENT, pointWidth: 7, pointOutlineColor: '#ffffff', pointOutlineWidth: 2 } }),
        new TerraDrawPolygonMode({ styles: { fillColor: ACCENT, fillOpacity: 0.25, outlineColor: ACCENT, outlineWidth: 2 } }),
        new TerraDrawSelectMode({
          flags: {
            point: { feature: { draggable: true } },
            polygon: { feature: { draggable: false, coordinates: { draggable: true, midpoints: true, deletable: true } } },
          },
          styles: { selectedPointColor: ACCENT, selectedPolygonColor: ACCENT, selectedPolygonOutlineColor: ACCENT, selectionPointColor: '#ffffff', selectionPointWidth: 6 },
          allowManualDeselection: false,
        }),
      ],
    });
    this.draw.start();
    this.draw.setMode('static');
    this.draw.on('finish', (id, context) => onFinish(id, context, this.geometry(id)));
    this.draw.on('change', (ids, type) => onChange(ids, type));
  }

  get mode() {
    return this.draw.getMode();
  }

  /** Starts drawing a new point or polygon; anything drawn before is dropped. */
  start(kind) {
    this.draw.clear();
    this.draw.setMode(kind === 'polygon' ? 'polygon' : 'point');
  }

  /** Puts a geometry under the select mode so its vertices (or the point) can be dragged. */
  edit(geometry) {
    this.draw.clear();
    if (!geometry) return null;
    const mode = geometry.type === 'Polygon' ? 'polygon' : 'point';
    const id = this.draw.getFeatureId();
    const [result] = this.draw.addFeatures([{ id, type: 'Feature', geometry, properties: { mode } }]);
    if (result && result.valid === false) {
      console.warn('terra-draw rejected the geometry:', result.reason);
      return null;
    }
    this.draw.setMode('select');
    this.draw.selectFeature(id);
    this.editing = id;
    return id;
  }

  /** After a new feature is finished, keep it adjustable until it is saved. */
  adjust(id) {
    this.draw.setMode('select');
    this.draw.selectFeature(id);
    this.editing = id;
  }

  geometry(id = this.editing) {
    if (id == null) {
      const any = this.draw.getSnapshot().find((f) => f.properties.mode === 'point' || f.properties.mode === 'polygon');
      return any ? any.geometry : null;
    }
    const f = this.draw.getSnapshotFeature(id);
    return f ? f.geometry : null;
  }

  clear() {
    this.draw.clear();
    this.draw.setMode('static');
    this.editing = null;
  }
}
