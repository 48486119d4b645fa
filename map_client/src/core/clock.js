// Beijing time (Asia/Shanghai, UTC+8, no daylight saving) whatever the wall PC's own zone is.
const WEEKDAYS = { zh: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] };

function parts(date) {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', weekday: 'short',
  });
  const out = {};
  for (const p of fmt.formatToParts(date)) out[p.type] = p.value;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(out.weekday);
  return { ...out, weekdayIndex: weekday };
}

/** `{date, time}` strings for the title bar clock. */
export function formatBeijing(date, language = 'zh') {
  const p = parts(date);
  const weekday = (WEEKDAYS[language] || WEEKDAYS.zh)[p.weekdayIndex];
  const time = `${p.hour}:${p.minute}:${p.second}`;
  const day = language === 'en'
    ? `${p.year}-${p.month}-${p.day} ${weekday}`
    : `${p.year}年${p.month}月${p.day}日 ${weekday}`;
  return { date: day, time, label: language === 'en' ? 'Beijing time' : '北京时间' };
}

/** Short date-time in Beijing time for lists and popups: 2026-11-24 16:29. */
export function formatBeijingShort(value) {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value ?? '');
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
