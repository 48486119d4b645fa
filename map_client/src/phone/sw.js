// The phone app's service worker, served at /m/sw.js with scope /m/ (geo_api/phone/views.py).
// - The app shell (the phone entry's scripts, styles and the icons) is precached at install.
// - The page /m/ is network-first: always the newest when online, the last copy when offline.
// - API reads are network-first too, but a copy is only kept when the request names its user
//   (X-Onemap-User, sent by src/phone/data.js), and the copy is keyed by that user: a phone shared
//   by two people never shows one of them the other's tasks or instructions. Writes are never
//   touched here: they go through the outbox in IndexedDB.
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

registerRoute(
  ({ request, url }) => request.mode === 'navigate' && url.pathname === '/m/',
  new NetworkFirst({ cacheName: 'onemap-phone-page', networkTimeoutSeconds: 5 }),
);

const CACHED_READS = ['/api/me/today/', '/api/me/nearby/', '/api/layers/'];

const perUser = {
  cacheKeyWillBeUsed: async ({ request }) => {
    const user = request.headers.get('X-Onemap-User');
    const url = new URL(request.url);
    url.searchParams.set('__user', user);
    return url.href;
  },
};

registerRoute(
  ({ request, url }) => request.method === 'GET' && request.headers.get('X-Onemap-User')
    && CACHED_READS.some((path) => url.pathname === path),
  new NetworkFirst({ cacheName: 'onemap-phone-api', networkTimeoutSeconds: 6, plugins: [perUser] }),
);
