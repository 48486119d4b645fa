// The open-events panel (在办事件): every event still being worked, most severe first, then the
// newest; an event announced in this session stays on top with a "新事件" mark. Each entry shows
// the severity colour, code and title, the reported time in Beijing time and the state in the
// page's language (the registry's labels); a click flies to the event and opens its popup; roles
// that may get "进入指挥". Rows come from the OGC items of the events layer, so the same access
// rules and row filters as the map apply.
import { formatBeijingShort } from '../core/clock.js';
import { getJSON } from '../core/api.js';
import { h } from '../core/dom.js';
import { lang, pick, t } from '../core/i18n.js';
import { COLOUR_HEX, LEVEL_COLOURS } from '../core/warnings.js';
import { OPEN_STATUSES } from '../style/event-filter.js';
import { commandButton } from './command-mode.js';

const SOUND_KEY = 'onemap.eventSound';

export function openEventsUrl(limit = 500) {
  const filter = `status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(',')})`;
  return `/ogc/collections/events/items?f=json&limit=${limit}&filter=${encodeURIComponent(filter)}`;
}

/** Times as the server sends them ('2026-11-29 06:05:00+00' from tiles, ISO from OGC) -> ISO. */
export function isoTime(value) {
  return typeof value === 'string' ? value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00') : value;
}

/** Announced (newest announcement first), then severity Ⅰ before Ⅳ, then the latest report. */
export function sortOpenEvents(features, announced = new Map()) {
  const at = (f) => Date.parse(isoTime(f.properties.reported_at)) || 0;
  return [...features].sort((a, b) => {
    const na = announced.get(String(a.id)) || 0;
    const nb = announced.get(String(b.id)) || 0;
    if (na || nb) return nb - na;
    return (Number(a.properties.severity) || 9) - (Number(b.properties.severity) || 9) || at(b) - at(a);
  });
}

export function severityColour(severity) {
  return COLOUR_HEX[LEVEL_COLOURS[Number(severity)]] || '#888888';
}

/** A short two-tone beep made in the browser (no audio file). */
export function beep(context) {
  if (!context) return;
  const now = context.currentTime;
  [0, 0.28].forEach((offset, i) => {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = i ? 660 : 880;
    gain.gain.setValueAtTime(0.0001, now + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, now + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.24);
    osc.connect(gain).connect(context.destination);
    osc.start(now + offset);
    osc.stop(now + offset + 0.25);
  });
}

export class OpenEventsControl {
  /**
   * @param layer - the events entry of /api/layers/ (labels and choices)
   * @param options.onSelect(feature) - fly there and open the popup
   * @param options.canCommand - offer "进入指挥"
   * @param options.onAnnounce(feature) - a new event arrived (the map pulses)
   */
  constructor(layer, { onSelect = () => {}, canCommand = false, onAnnounce = () => {}, fetch = getJSON } = {}) {
    this.layer = layer;
    this.onSelect = onSelect;
    this.canCommand = canCommand;
    this.onAnnounce = onAnnounce;
    this.fetch = fetch;
    this.features = [];
    this.announced = new Map(); // id -> time announced
    this.sound = false;
    try {
      this.sound = window.localStorage.getItem(SOUND_KEY) === '1';
    } catch {
      /* default off */
    }
  }

  onAdd() {
    this.list = h('ul.open-event-list');
    this.count = h('span.open-event-count', { text: '' });
    this.soundBox = h('input', { type: 'checkbox', checked: this.sound, 'data-testid': 'event-sound', onchange: (e) => this.setSound(e.target.checked) });
    this.el = h('section.panel.open-events-panel', { 'data-testid': 'open-events' },
      h('h2.panel-title', {}, h('span', { text: t('openEvents') }), this.count),
      h('label.event-sound', {}, this.soundBox, h('span', { text: t('eventSound') })),
      this.list);
    this.refresh();
    return this.el;
  }

  setSound(on) {
    this.sound = !!on;
    try {
      window.localStorage.setItem(SOUND_KEY, on ? '1' : '0');
    } catch {
      /* ignore */
    }
    // Browsers let a page make sound only after a gesture: this click is one.
    if (on && !this.audio && typeof AudioContext !== 'undefined') this.audio = new AudioContext();
  }

  async refresh() {
    try {
      const body = await this.fetch(openEventsUrl());
      this.features = (body && body.features) || [];
      this.render();
    } catch (err) {
      console.warn('open events:', err);
    }
    return this.features;
  }

  /** Changes from the live channel: refetch on any event change; announce the created ones. */
  async changed(changes) {
    const events = changes.filter((c) => c.layer === 'events');
    if (!events.length) return [];
    const created = events.filter((c) => c.action === 'created').map((c) => String(c.id));
    await this.refresh();
    const fresh = this.features.filter((f) => created.includes(String(f.id)) && !this.announced.has(String(f.id)));
    for (const feature of fresh) this.announce(feature);
    return fresh;
  }

  announce(feature) {
    this.announced.set(String(feature.id), Date.now());
    this.render();
    this.onAnnounce(feature);
    if (this.sound && this.audio) {
      if (this.audio.state === 'suspended') this.audio.resume();
      beep(this.audio);
    }
  }

  label(name, value) {
    const prop = (this.layer.properties || []).find((p) => p.name === name);
    const choice = prop && prop.choices && prop.choices[String(value)];
    return choice ? pick(choice, lang()) : String(value ?? '');
  }

  render() {
    const sorted = sortOpenEvents(this.features, this.announced);
    this.count.textContent = ` ${sorted.length}`;
    const items = sorted.map((f) => {
      const p = f.properties;
      const isNew = this.announced.has(String(f.id));
      return h(`li.open-event${isNew ? '.is-new' : ''}`, {
        dataset: { id: f.id, severity: p.severity, status: p.status },
        style: { '--severity': severityColour(p.severity) },
        onclick: () => this.onSelect(f),
      },
      h('div.open-event-head', {},
        h('span.open-event-severity', { text: this.label('severity', p.severity) }),
        isNew ? h('span.open-event-new', { text: t('newEvent') }) : null,
        h('span.open-event-status', { text: this.label('status', p.status) })),
      h('div.open-event-title', { text: p.title || p.code || '' }),
      h('div.open-event-meta', {},
        h('span.open-event-time', { text: formatBeijingShort(isoTime(p.reported_at)) }),
        h('span.open-event-code', { text: p.code || '' })),
      this.canCommand ? commandButton(f.id, h) : null);
    });
    this.list.replaceChildren(...(items.length ? items : [h('li.open-event-empty', { text: t('noOpenEvents') })]));
  }

  onRemove() {
    this.el.remove();
  }
}
