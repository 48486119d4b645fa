// Operations (iD's term): what the user can ask for, each knowing whether it is available in the
// current state and, if not, why. Pure: the toolbar renders them, actions.js does the work.
import { t } from '../core/i18n.js';

const isPointLayer = (layer) => /Point$/.test(layer?.geometry_type || '');
const isPolygonLayer = (layer) => /Polygon$/.test(layer?.geometry_type || '');

/** Parts in a geometry: a MultiPolygon of one polygon can still be edited as a polygon. */
export function partCount(geometry) {
  if (!geometry) return 0;
  if (geometry.type.startsWith('Multi')) return geometry.coordinates.length;
  return 1;
}

function common(state) {
  if (!state.layer) return t('why_noLayer');
  if (!state.layer.writable) return t('why_notWritable');
  if (state.busy) return t('why_busy');
  return null;
}

export const OPERATIONS = [
  {
    id: 'drawPoint',
    available: (s) => !s.layer || isPointLayer(s.layer),
    disabled: (s) => common(s) || (isPointLayer(s.layer) ? null : `${t('why_wrongGeometry')} Point`),
  },
  {
    id: 'drawPolygon',
    available: (s) => !s.layer || isPolygonLayer(s.layer),
    disabled: (s) => common(s) || (isPolygonLayer(s.layer) ? null : `${t('why_wrongGeometry')} Polygon`),
  },
  {
    id: 'moveVertex',
    available: () => true,
    disabled: (s) => common(s)
      || (!s.selection || s.selection.id == null ? t('why_noSelection') : null)
      || (partCount(s.selection.feature?.geometry) > 1 ? t('why_multipart') : null),
  },
  {
    id: 'save',
    available: () => true,
    disabled: (s) => common(s)
      || (!s.selection ? t('why_noGeometry') : null)
      || (s.selection.id == null && !s.selection.feature?.geometry ? t('why_noGeometry') : null),
  },
  {
    id: 'delete',
    available: () => true,
    disabled: (s) => common(s) || (!s.selection || s.selection.id == null ? t('why_noSelection') : null),
  },
  {
    id: 'cancel',
    available: () => true,
    disabled: (s) => (s.busy ? t('why_busy') : null) || (!s.selection && !s.drawing ? t('why_noSelection') : null),
  },
  {
    id: 'undo',
    available: () => true,
    disabled: (s) => (s.busy ? t('why_busy') : null) || (s.history?.canUndo() ? null : t('why_nothingToUndo')),
  },
  {
    id: 'redo',
    available: () => true,
    disabled: (s) => (s.busy ? t('why_busy') : null) || (s.history?.canRedo() ? null : t('why_nothingToRedo')),
  },
];

/** `[{id, available, reason}]` for the toolbar. */
export function operationStates(state) {
  return OPERATIONS.map((op) => {
    const available = op.available(state);
    const reason = available ? op.disabled(state) : null;
    return { id: op.id, available, enabled: available && !reason, reason };
  });
}
