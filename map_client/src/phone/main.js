// The responders' phone app (/m/), a PWA: the shell and its five tabs, the outbox, live updates,
// location sharing, and the service worker (src/phone/sw.js, served at /m/sw.js, scope /m/).
import '../css/base.css';
import '../css/phone.css';
import { Workbox } from 'workbox-window';
import { pageConfig } from '../core/dom.js';
import { initLang } from '../core/i18n.js';
import { PhoneApp } from './app.js';
import { Router, routeOf } from './router.js';
import { Shell } from './shell.js';

function registerWorker(config) {
  if (!('serviceWorker' in navigator) || !config.phone.serviceWorker) return;
  const wb = new Workbox(config.phone.serviceWorker, { scope: config.phone.scope });
  wb.register().catch((err) => console.warn('service worker:', err && err.message));
}

async function main() {
  initLang();
  const config = pageConfig();
  const app = new PhoneApp(config);
  const root = document.getElementById('phone-app');
  await app.start().catch((err) => {
    console.warn('phone app:', err);
    throw err;
  });
  const shell = new Shell(app, root);
  const router = new Router(app, shell);
  router.show(routeOf(window.location.hash));
  registerWorker(config);
}

main();
