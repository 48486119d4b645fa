// Legend entries come from the same registry style object the map layers are built from
// (styles/<id>.json carries `layers` and `legend` together), so the two cannot drift apart.
import { pick } from '../core/i18n.js';

export function legendItems(layer, language) {
  const legend = (layer.style && layer.style.legend) || [];
  return legend.map((item) => ({
    label: pick(item.label, language),
    color: item.color,
    shape: item.shape || shapeFor(layer.geometry_type),
  }));
}

function shapeFor(geometryType) {
  if (/Polygon/.test(geometryType || '')) return 'fill';
  if (/LineString/.test(geometryType || '')) return 'line';
  return 'circle';
}

/** Every colour literal used in a style's paint, lower-cased. */
export function paintColours(styleLayers) {
  const found = new Set();
  const walk = (v) => {
    if (typeof v === 'string' && /^#[0-9a-f]{3,8}$/i.test(v)) found.add(v.toLowerCase());
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const l of styleLayers || []) walk(l.paint);
  return found;
}

/** Legend colours the style never paints: a legend that drifted from its style. */
export function legendDrift(style) {
  const colours = paintColours(style.layers);
  return (style.legend || []).filter((item) => !colours.has(String(item.color).toLowerCase()));
}

/** A small DOM swatch for one legend entry. */
export function swatch(item) {
  const el = document.createElement('span');
  el.className = `legend-swatch legend-${item.shape}`;
  el.style.setProperty('--swatch', item.color);
  return el;
}
