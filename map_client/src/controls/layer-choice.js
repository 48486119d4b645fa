// Which layers the wall starts with. A calm wall by default: our street map (districts), open
// events, warnings and shelters; everything else is one click away in the layer panel. What a
// person switches on or off is kept per browser as overrides of these defaults, so a layer added
// later starts as its default says.

export const DEFAULT_ON = ['districts', 'events', 'warnings', 'shelters'];
const KEY = 'onemap.layerChoice';
const CLOSED_KEY = 'onemap.showClosedEvents';

function storage() {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null; // storage blocked: defaults only
  }
}

/** `{layerId: visible}` the person chose. */
export function loadChoice(store = storage()) {
  try {
    const value = JSON.parse((store && store.getItem(KEY)) || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

export function saveChoice(choice, store = storage()) {
  try {
    if (store) store.setItem(KEY, JSON.stringify(choice));
  } catch {
    /* a full or blocked storage only loses the preference */
  }
}

export function isOn(layerId, choice) {
  return Object.prototype.hasOwnProperty.call(choice, layerId) ? !!choice[layerId] : DEFAULT_ON.includes(layerId);
}

/** The ids (of `layerIds`) that start hidden. */
export function hiddenLayers(layerIds, choice) {
  return (layerIds || []).filter((id) => !isOn(id, choice));
}

export function loadShowClosed(store = storage()) {
  try {
    return !!store && store.getItem(CLOSED_KEY) === '1';
  } catch {
    return false;
  }
}

export function saveShowClosed(value, store = storage()) {
  try {
    if (store) store.setItem(CLOSED_KEY, value ? '1' : '0');
  } catch {
    /* ignore */
  }
}
