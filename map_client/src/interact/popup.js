// Feature popups: the layer's published attributes under their Chinese (or English) labels,
// choice codes shown by label, times in Beijing time. The main action is our own page for the
// feature where one exists (an event's desk page, a shelter's page) and, for events, command
// mode; the /ogc record stays as a small secondary link for analysts.
import { formatBeijingShort } from '../core/clock.js';
import { h } from '../core/dom.js';
import { pick, t } from '../core/i18n.js';
import { canCommand, commandButton } from '../controls/command-mode.js';

// Our own pages for a feature, by layer (the desk_urls.py of each geo_api app).
const DETAIL_PAGES = {
  events: (id) => `/desk/events/${id}/`,
  shelters: (id) => `/shelters/${id}/`,
  warehouses: (id) => `/warehouses/${id}/`,
};

/** The event popup shows what a commander needs first, in this order. */
const POPUP_FIELDS = {
  events: ['code', 'event_type', 'severity', 'status', 'reported_at', 'address'],
};

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

export function formatValue(prop, value, language) {
  if (value === null || value === undefined || value === '') return null;
  if (prop.choices && Object.prototype.hasOwnProperty.call(prop.choices, String(value))) {
    return pick(prop.choices[String(value)], language);
  }
  if (prop.type === 'boolean' || typeof value === 'boolean') {
    const truthy = value === true || value === 'true' || value === 1;
    return t(truthy ? 'yes' : 'no', language);
  }
  if (prop.type === 'number' && typeof value === 'number') {
    return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 3 });
  }
  if (prop.type === 'integer' && typeof value === 'number') return value.toLocaleString('en-US');
  if (typeof value === 'string' && (prop.format === 'date-time' || prop.type === 'date-time' || DATE_TIME.test(value))) {
    return formatBeijingShort(value.replace(' ', 'T').replace(/\+00$/, '+00:00'));
  }
  return String(value);
}

/** `[{name, label, value}]` for the popup, in the registry's property order, empties left out. */
export function popupRows(layer, properties, language) {
  const rows = [];
  const only = POPUP_FIELDS[layer.id];
  const props = only
    ? only.map((name) => (layer.properties || []).find((p) => p.name === name)).filter(Boolean)
    : layer.properties || [];
  for (const prop of props) {
    const value = formatValue(prop, properties[prop.name], language);
    if (value === null) continue;
    rows.push({ name: prop.name, label: pick(prop.label, language) || prop.name, value });
  }
  return rows;
}

export function recordUrl(layerId, featureId) {
  return `/ogc/collections/${encodeURIComponent(layerId)}/items/${encodeURIComponent(featureId)}?f=html`;
}

export function detailUrl(layerId, featureId) {
  const page = DETAIL_PAGES[layerId];
  return page && featureId != null ? page(encodeURIComponent(featureId)) : null;
}

export function popupTitle(layer, properties) {
  const value = layer.title_property ? properties[layer.title_property] : null;
  return value ? String(value) : pick(layer.title);
}

/** The popup's DOM. `options.canCommand` overrides the page config (tests). */
export function popupContent(layer, feature, language, options = {}) {
  const props = feature.properties || {};
  const id = feature.id ?? props.id;
  const details = detailUrl(layer.id, id);
  const mayCommand = layer.id === 'events' && id != null && (options.canCommand ?? canCommand());
  return h('div.feature-popup', { dataset: { layer: layer.id, id } },
    h('div.popup-layer', { text: pick(layer.title, language) }),
    h('h3.popup-title', { text: popupTitle(layer, props) }),
    h('table.popup-table', {}, h('tbody', {}, popupRows(layer, props, language).map((row) => h('tr', { dataset: { prop: row.name } },
      h('th', { text: row.label }), h('td', { text: row.value }))))),
    h('div.popup-actions', {},
      mayCommand ? commandButton(id, h) : null,
      details ? h('a.popup-link.popup-details', { href: details, text: t('openDetails', language) }) : null,
      id != null ? h('a.popup-ogc', { href: recordUrl(layer.id, id), target: '_blank', rel: 'noopener', text: t('openOgc', language) }) : null));
}
