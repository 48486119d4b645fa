// The top bar's clock: the server renders Shanghai time (2026-11-29 14:05); this keeps it current.
// The offset between the server's time and this machine's is kept, so a wrong PC clock does not
// show a wrong time.

const FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** "YYYY-MM-DD HH:mm" in Asia/Shanghai, whatever this machine's zone. */
export function shanghaiText(date) {
  const parts = Object.fromEntries(FORMAT.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function startClock(el) {
  if (!el) return;
  const server = Date.parse(el.getAttribute('datetime') || '');
  // The server's minute was rendered at most a minute ago; its offset is good to about that.
  const skew = Number.isFinite(server) && Math.abs(server - Date.now()) > 90_000 ? server - Date.now() : 0;
  const tick = () => {
    const now = new Date(Date.now() + skew);
    el.textContent = shanghaiText(now);
    el.setAttribute('datetime', now.toISOString());
  };
  tick();
  setInterval(tick, 10_000);
}
