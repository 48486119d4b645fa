// The replay's two panels, each a MapLibre control: the time bar (slider, play/pause, speeds,
// the instant in Shanghai time) and the side list (state, tasks, instructions, reports and the
// moments so far, appearing as the clock passes them).
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { SPEEDS, shanghaiTime } from './clock.js';
import { severityLabel, stateLabel } from './labels.js';

const SLIDER_STEPS = 1000;

export class TimeBarControl {
  constructor({ clock, onSeek, onPlay, onPause, onSpeed }) {
    Object.assign(this, { clock, onSeek, onPlay, onPause, onSpeed });
  }

  onAdd() {
    this.slider = h('input.replay-slider', { type: 'range', min: 0, max: SLIDER_STEPS, step: 1, value: 0,
      'aria-label': t('replayTitle'), 'data-testid': 'replay-slider',
      oninput: () => this.onSeek(this.clock.start + (this.clock.end - this.clock.start) * (Number(this.slider.value) / SLIDER_STEPS)) });
    this.button = h('button.replay-play', { type: 'button', 'data-testid': 'replay-play',
      onclick: () => (this.clock.playing ? this.onPause() : this.onPlay()) });
    this.speeds = SPEEDS.map((s) => h('button.replay-speed', { type: 'button', dataset: { speed: s }, text: `${s}×`,
      'data-testid': `replay-speed-${s}`, onclick: () => this.onSpeed(s) }));
    this.label = h('time.replay-time', { 'data-testid': 'replay-time' });
    this.el = h('section.panel.replay-bar.maplibregl-ctrl', { 'data-testid': 'replay-bar' }, this.button, this.slider,
      h('span.replay-speeds', { 'aria-label': t('replaySpeed') }, this.speeds), this.label);
    this.update();
    return this.el;
  }

  update() {
    this.slider.value = String(Math.round(this.clock.fraction() * SLIDER_STEPS));
    this.button.textContent = this.clock.playing ? t('replayPause') : t('replayPlay');
    this.button.setAttribute('aria-pressed', this.clock.playing ? 'true' : 'false');
    for (const b of this.speeds) b.classList.toggle('active', Number(b.dataset.speed) === this.clock.speed);
    this.label.textContent = shanghaiTime(this.clock.time);
  }

  onRemove() { this.el.remove(); }
}

function section(title, items, render) {
  return h('div.replay-section', {}, h('h3', { text: `${title}（${items.length}）` }),
    items.length ? h('ul', {}, items.map(render)) : h('p.replay-none', { text: t('replayNone') }));
}

export class SideListControl {
  constructor({ outline, caseUrl }) {
    this.outline = outline;
    this.caseUrl = caseUrl;
  }

  onAdd() {
    this.body = h('div.replay-body');
    this.el = h('section.panel.replay-list.maplibregl-ctrl', { 'data-testid': 'replay-list' },
      h('h2.panel-title', { text: `${t('replayTitle')} · ${this.outline.code}` }),
      h('p.replay-event-title', { text: this.outline.title }),
      this.caseUrl ? h('a.popup-link', { href: this.caseUrl, text: t('replayBackToCase') }) : null,
      this.body);
    return this.el;
  }

  /** Redraws from the state at the clock's instant and the outline's moments up to it. */
  update(state, time) {
    const passed = this.outline.moments.filter((m) => Date.parse(m.at) <= time).reverse();
    this.body.replaceChildren(
      h('p.replay-state', { 'data-testid': 'replay-state', dataset: { state: state.state || '' } },
        `${t('replayState')}：${stateLabel(state.state)} · ${t('replaySeverity')}：${severityLabel(state.severity)}`),
      state.positions_hidden ? h('p.replay-none', { text: t('replayPositionsHidden') })
        : h('p', { text: `${t('replayResponders')}：${state.positions.length}` }),
      section(t('replayTasks'), state.tasks, (task) => h('li', { dataset: { task: task.id, status: task.status } },
        `${task.title} · ${task.owner} · ${stateLabel(task.status)}${task.overdue ? ' ⚠' : ''}`)),
      section(t('replayInstructions'), state.instructions, (i) => h('li', { dataset: { instruction: i.id } },
        `${i.text}${i.acknowledged ? ` · ${t('replayAcknowledged')} ${i.acknowledged}` : ''}`)),
      section(t('replayReports'), state.reports, (r) => h('li', { dataset: { report: r.id } }, r.text || '—')),
      section(t('replayShelters'), state.shelters, (s) => h('li', {}, s.name)),
      section(t('replayMoments'), passed, (m) => h('li.replay-moment', { dataset: { kind: m.kind } },
        h('time', { text: shanghaiTime(Date.parse(m.at)).slice(11, 16) }), ' ', m.label)),
    );
  }

  onRemove() { this.el.remove(); }
}
