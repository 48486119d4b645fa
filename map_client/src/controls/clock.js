import { h } from '../core/dom.js';
import { formatBeijing } from '../core/clock.js';
import { lang } from '../core/i18n.js';

/** The title-bar clock, ticking every second in Beijing time. */
export function mountClock(parent) {
  const time = h('span.clock-time');
  const date = h('span.clock-date');
  const label = h('span.clock-label');
  const el = h('div.clock', { 'data-testid': 'clock' }, label, time, date);
  const tick = () => {
    const f = formatBeijing(new Date(), lang());
    time.textContent = f.time;
    date.textContent = f.date;
    label.textContent = f.label;
  };
  tick();
  setInterval(tick, 1000);
  parent.append(el);
  return el;
}
