// Live counters from /api/stats/, refreshed every 30 s and whenever a change arrives.
import { api } from '../core/api.js';
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';

const COUNTERS = [
  ['open_events', 'openEvents'],
  ['active_warnings', 'activeWarnings'],
  ['shelter_capacity', 'shelterCapacity'],
  ['responders_on_duty', 'respondersOnDuty'],
];

export function formatCount(value) {
  if (value == null || Number.isNaN(Number(value))) return t('unknown');
  return Number(value).toLocaleString('en-US');
}

export class StatsControl {
  constructor({ onStats = () => {}, every = 30000 } = {}) {
    this.onStats = onStats;
    this.every = every;
    this.values = {};
  }

  onAdd() {
    this.el = h('section.panel.stats-panel', { 'data-testid': 'stats' },
      h('h2.panel-title', { text: t('stats') }),
      h('div.counters', {}, COUNTERS.map(([key, label]) => {
        const value = h('div.counter-value', { dataset: { counter: key }, text: t('unknown') });
        this.values[key] = value;
        return h('div.counter', {}, value, h('div.counter-label', { text: t(label) }));
      })));
    this.refresh();
    this.timer = setInterval(() => this.refresh(), this.every);
    return this.el;
  }

  async refresh() {
    try {
      const stats = await api.stats();
      for (const [key] of COUNTERS) this.values[key].textContent = formatCount(stats[key]);
      this.onStats(stats);
    } catch (err) {
      console.warn('stats:', err);
    }
  }

  onRemove() {
    clearInterval(this.timer);
    this.el.remove();
  }
}
