// The desk shell (Django templates + htmx): htmx from our own build (no CDN), configured for a
// policy that forbids eval and inline scripts, and the Shanghai clock in the top bar.
import htmx from 'htmx.org';
import './desk.css';
import { startClock } from './clock.js';

// No eval (hx-on, js: expressions): the CSP forbids it anyway. Script tags stay in swapped HTML
// because partials carry their data as <script type="application/json"> (htmx would strip every
// script otherwise); htmx runs none of those, and the CSP refuses any inline JavaScript.
htmx.config.allowEval = false;
htmx.config.allowScriptTags = true;
// desk.css styles the indicator; htmx would otherwise add an inline <style> element.
htmx.config.includeIndicatorStyles = false;
// The server renders its refusals and failures as partials (a 400 for bad filters, 403, a 409 for
// a conflict such as a withdrawal beyond the stock, 503):
// swap them in like any answer; anything else keeps the page and says so in the flash line.
htmx.config.responseHandling = [
  { code: '204', swap: false },
  { code: '[23]..', swap: true },
  { code: '(400|403|404|409|503)', swap: true, error: true },
  { code: '...', swap: false, error: true },
];

const english = () => (document.documentElement.lang || '').toLowerCase().startsWith('en');

function flash(message) {
  const el = document.getElementById('desk-flash');
  if (!el) return;
  el.textContent = message;
  el.hidden = !message;
}

document.addEventListener('htmx:beforeRequest', () => flash(''));
document.addEventListener('htmx:responseError', (e) => {
  const { status } = e.detail.xhr;
  if ([400, 403, 404, 409, 503].includes(status)) return; // the swapped partial explains itself
  flash(english() ? `The server could not answer (HTTP ${status}). Please try again.` : `服务器未能响应（HTTP ${status}），请稍后重试。`);
});
document.addEventListener('htmx:sendError', () => {
  flash(english() ? 'The server cannot be reached. Check the network and try again.' : '无法连接服务器，请检查网络后重试。');
});

startClock(document.getElementById('desk-clock'));
