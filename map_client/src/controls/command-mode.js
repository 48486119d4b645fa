// "进入指挥": asks the server to put an event into command mode (POST /api/events/{id}/command/
// records the commander and the time and moves the event to responding), then opens the command
// view. The button is offered to the roles the page config says may (commander, duty officer,
// administrator); the server decides again and its refusal is shown as it words it.
import { ApiError, request } from '../core/api.js';
import { pageConfig } from '../core/dom.js';
import { t } from '../core/i18n.js';

export const commandUrl = (eventId) => `/command/${encodeURIComponent(eventId)}/`;

export function canCommand(config = typeof document === 'undefined' ? {} : pageConfig()) {
  return !!(config && config.canCommand);
}

/** The message to show for a refusal: the server's own words when it gave some. */
export function refusalText(err) {
  const body = err && err.body;
  const detail = body && typeof body === 'object' ? (body.detail || body.message || body.error) : null;
  return `${t('commandFailed')}${detail ? `：${detail}` : err && err.status ? ` (${err.status})` : ''}`;
}

/**
 * Enters command mode and navigates. `go` and `send` are replaceable for tests. Resolves to
 * `{ok, url}` or `{ok: false, message}`. A server without the command route yet (404 from the
 * router, 405) still opens the command view, which works read-only.
 */
export async function enterCommand(eventId, { go = (url) => window.location.assign(url), send = request } = {}) {
  let url = commandUrl(eventId);
  try {
    const { data } = await send('POST', `/api/events/${encodeURIComponent(eventId)}/command/`, { body: {} });
    if (data && typeof data.url === 'string' && data.url.startsWith('/')) url = data.url;
  } catch (err) {
    const routeMissing = err instanceof ApiError && (err.status === 405 || (err.status === 404 && typeof err.body !== 'object'));
    if (!routeMissing) return { ok: false, message: refusalText(err) };
  }
  go(url);
  return { ok: true, url };
}

/** The button, with its refusal shown next to it. */
export function commandButton(eventId, h, options = {}) {
  const note = h('span.command-refusal', { role: 'status' });
  const button = h('button.command-button', {
    type: 'button', 'data-testid': 'enter-command', dataset: { event: eventId }, text: t('enterCommand'),
    onclick: async (e) => {
      e.stopPropagation();
      button.disabled = true;
      const result = await enterCommand(eventId, options);
      if (!result.ok) {
        note.textContent = result.message;
        button.disabled = false;
      }
    },
  });
  return h('span.command-action', {}, button, note);
}
