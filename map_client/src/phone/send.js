// How an outbox item goes over the wire: JSON or multipart (photos kept as Blobs in IndexedDB),
// the session cookie, the CSRF token read at send time (it changes when the person signs in
// again), the client id as Idempotency-Key. Answers {status, body}; a network failure throws.
import { csrfToken } from '../core/api.js';
import { acceptLanguage } from '../core/i18n.js';

export function buildInit(item, { csrf = csrfToken(), language = acceptLanguage() } = {}) {
  const { method = 'POST', json, form } = item.request;
  const headers = { Accept: 'application/json', 'Accept-Language': language, 'X-CSRFToken': csrf, 'Idempotency-Key': item.clientId };
  const init = { method, credentials: 'same-origin', headers };
  if (form) {
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields || {})) if (value != null) data.append(name, String(value));
    for (const file of form.files || []) data.append(file.field || 'files', file.blob, file.name || 'photo.jpg');
    init.body = data; // the browser sets the multipart boundary
  } else if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  return init;
}

export async function sendItem(item, fetcher = globalThis.fetch) {
  const response = await fetcher(item.request.url, buildInit(item));
  const type = response.headers.get('content-type') || '';
  let body = null;
  try {
    body = type.includes('json') ? await response.json() : await response.text();
  } catch {
    body = null;
  }
  return { status: response.status, body };
}
