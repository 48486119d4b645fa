// The wall's silent-feed alert: a small red badge per agency feed that has been silent for more
// than twice its expected interval (GET /api/feeds/, etl/feeds), e.g. "数据接入中断: 气象预警
// (35 分钟无数据)". Polled every minute. Hidden when every feed is healthy, and for visitors who may
// not read feed status (signed out, roles other than duty officer / commander / administrator).
// Its labels are kept here, with the control (Chinese first).
import { getJSON } from '../core/api.js';
import { h } from '../core/dom.js';
import { lang } from '../core/i18n.js';

const TEXT = {
  down: { zh: '数据接入中断', en: 'Feed interrupted' },
  minutes: { zh: (n) => `${n} 分钟无数据`, en: (n) => `no data for ${n} min` },
  never: { zh: '从未收到数据', en: 'never received' },
};

/** The badge text of one silent feed (exported for the tests). */
export function badgeText(feed, language = lang()) {
  const en = language === 'en';
  const title = en ? feed.title_en || feed.title : feed.title;
  const since = feed.lag_min == null
    ? (en ? TEXT.never.en : TEXT.never.zh)
    : (en ? TEXT.minutes.en : TEXT.minutes.zh)(feed.lag_min);
  return `${en ? TEXT.down.en : TEXT.down.zh}: ${title} (${since})`;
}

export class FeedsControl {
  constructor({ every = 60000 } = {}) {
    this.every = every;
  }

  onAdd() {
    this.el = h('section.feeds-alert', {
      'data-testid': 'feeds-alert', role: 'alert', hidden: true,
      style: { display: 'flex', flexDirection: 'column', gap: '4px', pointerEvents: 'auto' },
    });
    this.refresh();
    this.timer = setInterval(() => this.refresh(), this.every);
    return this.el;
  }

  render(feeds) {
    const silent = feeds.filter((f) => f.silent);
    this.el.hidden = !silent.length;
    this.el.replaceChildren(...silent.map((f) => h('a.feeds-badge', {
      href: '/feeds/', text: badgeText(f), dataset: { feed: f.feed },
      style: {
        background: '#c40018', color: '#fff', borderRadius: '4px', padding: '3px 8px', fontSize: '13px',
        fontWeight: '600', textDecoration: 'none', boxShadow: '0 1px 3px rgba(0,0,0,.35)',
      },
    })));
  }

  async refresh() {
    try {
      const { feeds } = await getJSON('/api/feeds/');
      this.render(feeds || []);
    } catch (err) {
      if (err.status === 401 || err.status === 403) {
        this.el.hidden = true; // not for this visitor
        clearInterval(this.timer);
        return;
      }
      console.warn('feeds:', err);
    }
  }

  onRemove() {
    clearInterval(this.timer);
    this.el.remove();
  }
}
