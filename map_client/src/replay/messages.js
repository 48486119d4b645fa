// The replay page's words, Chinese first. Kept beside the page (one domain, one file) and read
// through the shared language switch (core/i18n.js lang()).
import { lang } from '../core/i18n.js';

const MESSAGES = {
  replayTitle: { zh: '事件回放', en: 'Event replay' },
  play: { zh: '播放', en: 'Play' },
  pause: { zh: '暂停', en: 'Pause' },
  speed: { zh: '倍速', en: 'Speed' },
  state: { zh: '状态', en: 'State' },
  severity: { zh: '级别', en: 'Severity' },
  responders: { zh: '现场人员', en: 'Responders' },
  tasks: { zh: '任务', en: 'Tasks' },
  instructions: { zh: '指令', en: 'Instructions' },
  reports: { zh: '信息报告', en: 'Reports' },
  shelters: { zh: '开放的避难场所', en: 'Open shelters' },
  moments: { zh: '经过', en: 'What happened' },
  acknowledged: { zh: '已签收', en: 'acknowledged' },
  positionsHidden: { zh: '无权查看人员位置', en: 'Positions not shown to your account' },
  backToCase: { zh: '返回案例', en: 'Back to the case' },
  loadFailed: { zh: '回放加载失败', en: 'The replay could not be loaded' },
  none: { zh: '无', en: 'None' },
};

const STATES = {
  reported: { zh: '已接报', en: 'Reported' },
  verified: { zh: '已核实', en: 'Verified' },
  responding: { zh: '响应中', en: 'Responding' },
  recovering: { zh: '恢复中', en: 'Recovering' },
  closed: { zh: '已结束', en: 'Closed' },
  dismissed: { zh: '已作废', en: 'Dismissed' },
  archived: { zh: '已归档', en: 'Archived' },
  assigned: { zh: '已派发', en: 'Assigned' },
  accepted: { zh: '已接收', en: 'Accepted' },
  in_progress: { zh: '处置中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  rejected: { zh: '已退回', en: 'Rejected' },
};

const ROMAN = ['', 'Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'];

export function rt(key) {
  const entry = MESSAGES[key];
  return entry ? entry[lang()] || entry.zh : key;
}

export function stateLabel(state) {
  const entry = STATES[state];
  return entry ? entry[lang()] || entry.zh : state || '—';
}

export function severityLabel(n) {
  return `${ROMAN[n] || n}${lang() === 'zh' ? '级' : ''}`;
}
