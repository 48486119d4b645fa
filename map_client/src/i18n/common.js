// Shared by every page: the title bar, sign-in, the language switch, generic words and the error banner.
// Each message: Simplified Chinese first, English second.
export default {
  appTitle: { zh: '长宁区应急管理一张图', en: 'Changning Emergency One-Map' },
  wallTitle: { zh: '一张图', en: 'Map wall' },
  bureau: { zh: '长宁区应急管理局', en: 'Changning District Emergency Management Bureau' },
  commandTitle: { zh: '应急指挥', en: 'Command' },
  editorTitle: { zh: '图层编辑', en: 'Layer editor' },
  langSwitch: { zh: 'English', en: '中文' },
  signIn: { zh: '登录', en: 'Sign in' },
  signOut: { zh: '退出', en: 'Sign out' },
  unknown: { zh: '—', en: '—' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  close: { zh: '关闭', en: 'Close' },
  loadFailed: { zh: '加载失败', en: 'Failed to load' },
  live: { zh: '实时', en: 'live' },
  poll: { zh: '轮询', en: 'polling' },
  noOpenEvents: { zh: '暂无在办事件', en: 'No open events' },
  enterCommand: { zh: '进入指挥', en: 'Command mode' },
  commandFailed: { zh: '无法进入指挥', en: 'Cannot enter command mode' },
  newEvent: { zh: '新事件', en: 'New' },
  eventSound: { zh: '新事件提示音', en: 'Sound for new events' },
};
