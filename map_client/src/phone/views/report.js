// 上报: pick the event, 到场签到 (check in with the phone's position: the server says the distance
// or why not), and a report from the scene — text, photos made smaller here, the position — sent
// as one multipart request through the outbox (photos wait in IndexedDB while offline).
import { h } from '../../core/dom.js';
import { t } from '../../core/i18n.js';
import { photoName, resizePhoto } from '../photos.js';
import { card, empty, fill, outcomeLine, todayStatus } from './common.js';

const CHOSEN_KEY = 'onemap.phone.event';

function chosenEvent(app) {
  const events = app.today.events;
  let stored = null;
  try {
    stored = Number(sessionStorage.getItem(CHOSEN_KEY));
  } catch {
    /* ignore */
  }
  return events.find((e) => e.id === stored) || events[0] || null;
}

function eventOptions(app, select) {
  const current = chosenEvent(app);
  select.replaceChildren(...app.today.events.map((e) => h('option', {
    value: String(e.id), selected: current && e.id === current.id, text: `${e.code} ${e.title}（${e.status_label}）`,
  })));
}

export function renderReport(app, container) {
  const status = todayStatus(app);
  if (!app.today) {
    container.append(status);
    return {};
  }
  if (!app.today.events.length) {
    container.append(status || '', card(t('phone.tab.report'), empty(t('phone.noEvents'))));
    return {};
  }
  let position = null;
  const select = h('select.phone-input', { id: 'phone-event', name: 'event' });
  eventOptions(app, select);
  select.addEventListener('change', () => {
    try {
      sessionStorage.setItem(CHOSEN_KEY, select.value);
    } catch {
      /* ignore */
    }
  });
  const where = h('p.phone-position', { 'data-state': 'waiting', text: t('phone.positionUnknown') });
  const locate = async () => {
    try {
      position = await app.position();
      where.dataset.state = 'ok';
      where.textContent = `${t('phone.position')} ${position.lon.toFixed(5)}, ${position.lat.toFixed(5)} · ${fill('phone.accuracy', { m: Math.round(position.accuracy_m) })}`;
    } catch (err) {
      where.dataset.state = 'failed';
      where.textContent = `${t('phone.positionFailed')}（${err.message}）`;
    }
    return position;
  };
  locate();

  // Check-in
  const checkInLine = h('p.phone-outcome', { hidden: true, id: 'phone-check-in-outcome' });
  const checkIn = h('button.phone-button.is-big', { type: 'button', id: 'phone-check-in', text: t('phone.checkIn') });
  checkIn.addEventListener('click', async () => {
    checkIn.disabled = true;
    try {
      const here = await locate();
      if (!here) return;
      const event = Number(select.value);
      const outcome = await app.write({ kind: 'check_in', label: select.selectedOptions[0].textContent.split(' ')[0],
        request: { url: `/api/events/${event}/check-ins/`, json: { lon: here.lon, lat: here.lat, accuracy_m: here.accuracy_m } } });
      if (outcome.state === 'refused') {
        checkInLine.hidden = false;
        checkInLine.className = 'phone-outcome is-bad';
        checkInLine.textContent = fill('phone.checkInRefused', { msg: outcome.message });
      } else {
        outcomeLine(checkInLine, outcome, { sent: (body) => fill('phone.checkedIn', { d: Math.round(body.distance_m) }) });
      }
    } finally {
      checkIn.disabled = false;
    }
  });

  // Report
  const text = h('textarea.phone-input', { id: 'phone-report-text', name: 'text', rows: 4, placeholder: t('phone.reportPlaceholder') });
  const files = h('input.phone-file', { type: 'file', id: 'phone-photos', accept: 'image/*', capture: 'environment', multiple: true });
  const previews = h('div.phone-previews');
  files.addEventListener('change', () => {
    previews.replaceChildren(...[...files.files].map((f) => {
      const url = URL.createObjectURL(f);
      const img = h('img.phone-preview', { src: url, alt: f.name });
      img.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
      return img;
    }));
  });
  const reportLine = h('p.phone-outcome', { hidden: true, id: 'phone-report-outcome' });
  const send = h('button.phone-button.is-big', { type: 'submit', id: 'phone-report-send', text: t('phone.send') });
  const form = h('form.phone-form', { novalidate: true },
    h('label.phone-label', { for: 'phone-report-text', text: t('phone.reportText') }), text,
    h('label.phone-label', { for: 'phone-photos', text: t('phone.photos') }),
    h('label.phone-button.is-secondary.phone-file-button', { for: 'phone-photos', text: t('phone.addPhotos') }), files, previews,
    send, reportLine);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = [...files.files];
    if (!text.value.trim()) { // the server needs words; a photo alone says too little
      outcomeLine(reportLine, { state: 'refused', message: t('phone.needText') }, { sent: () => '' });
      return;
    }
    send.disabled = true;
    try {
      const photos = [];
      for (const [i, f] of chosen.entries()) photos.push({ field: 'files', blob: await resizePhoto(f), name: photoName(f, i) });
      const here = position || await locate();
      const fields = { text: text.value.trim() };
      if (here) Object.assign(fields, { lon: here.lon, lat: here.lat }); // the report API takes no accuracy
      const event = Number(select.value);
      const outcome = await app.write({ kind: 'report', label: fields.text.slice(0, 20),
        request: { url: `/api/events/${event}/reports/`, form: { fields, files: photos } } });
      outcomeLine(reportLine, outcome, { sent: () => t('phone.reportSent') });
      if (outcome.state !== 'refused') {
        form.reset();
        previews.replaceChildren();
      }
    } catch (err) {
      outcomeLine(reportLine, { state: 'refused', message: err.message }, { sent: () => '' });
    } finally {
      send.disabled = false;
    }
  });

  container.append(status || '',
    card(t('phone.event'), select, where),
    card(t('phone.checkIn'), checkIn, checkInLine),
    card(t('phone.tab.report'), form));
  // Live updates of my day only refresh the event list: what is being typed stays.
  return { update: () => eventOptions(app, select) };
}
