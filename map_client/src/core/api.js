// The server's JSON API: session auth, CSRF header on writes, the page language on every request.
import { acceptLanguage } from './i18n.js';

export class ApiError extends Error {
  constructor(status, body, response) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.response = response;
  }

  /** `{field: [messages]}` from a 400 `{"errors": {...}}`, else {}. */
  get fieldErrors() {
    const errors = this.body && this.body.errors;
    return errors && typeof errors === 'object' ? errors : {};
  }
}

/** The server answered while Redis was unavailable (X-Onemap-Degraded): the write stands, but
 * jobs and notifications may be late. Pages show it (shell/banner.js listens for the event). */
export function noteDegraded(response, target = typeof window === 'undefined' ? null : window) {
  const degraded = response.headers && response.headers.get('X-Onemap-Degraded');
  if (degraded && target) target.dispatchEvent(new CustomEvent('onemap:degraded', { detail: degraded }));
  return degraded || null;
}

export function csrfToken(cookie = typeof document === 'undefined' ? '' : document.cookie) {
  const match = cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : '';
}

async function parse(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  if (type.includes('json')) return response.json();
  return response.text();
}

export async function request(method, url, { body, headers = {} } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Accept-Language': acceptLanguage(), ...headers },
  };
  if (method !== 'GET' && method !== 'HEAD') {
    init.headers['X-CSRFToken'] = csrfToken();
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
  }
  const response = await fetch(url, init);
  noteDegraded(response);
  const data = await parse(response);
  if (!response.ok) throw new ApiError(response.status, data, response);
  return { data, etag: response.headers.get('ETag'), status: response.status };
}

export async function getJSON(url) {
  return (await request('GET', url)).data;
}

export const api = {
  layers: () => getJSON('/api/layers/'),
  stats: () => getJSON('/api/stats/'),
  search: (q, limit = 10) => getJSON(`/api/search/?q=${encodeURIComponent(q)}&limit=${limit}`),
  nearby: (eventId, radius = 3000, limit = 10) =>
    getJSON(`/api/events/${encodeURIComponent(eventId)}/nearby/?radius=${radius}&limit=${limit}`),
  changes: (after) => getJSON(`/api/changes/?after=${after}`),
  schema: (layerId) => getJSON(`/api/layers/${layerId}/schema/`),
  feature: (layerId, id) => request('GET', `/api/layers/${layerId}/features/${id}/`),
  createFeature: (layerId, feature) => request('POST', `/api/layers/${layerId}/features/`, { body: feature }),
  patchFeature: (layerId, id, feature, etag) =>
    request('PATCH', `/api/layers/${layerId}/features/${id}/`, {
      body: feature,
      headers: etag ? { 'If-Match': etag } : {},
    }),
  deleteFeature: (layerId, id, etag) =>
    request('DELETE', `/api/layers/${layerId}/features/${id}/`, { headers: etag ? { 'If-Match': etag } : {} }),
};
