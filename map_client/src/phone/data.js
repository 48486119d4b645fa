// Reads of the phone app. Each GET carries X-Onemap-User so the service worker keeps its offline
// copy per person (src/phone/sw.js): on a shared phone nobody is shown another person's answers.
import { ApiError } from '../core/api.js';
import { acceptLanguage } from '../core/i18n.js';

export function reader(userId, fetcher = (...a) => globalThis.fetch(...a)) {
  return async function get(url) {
    const response = await fetcher(url, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': acceptLanguage(), 'X-Onemap-User': String(userId) },
    });
    const type = response.headers.get('content-type') || '';
    const body = type.includes('json') ? await response.json() : await response.text();
    if (!response.ok) throw new ApiError(response.status, body, response);
    return body;
  };
}
