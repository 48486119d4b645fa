// The map wall: situation counters and the active-warnings strip (levels by their legal colours).
// Each message: Simplified Chinese first, English second.
export default {
  stats: { zh: '实时态势', en: 'Situation' },
  openEvents: { zh: '在办事件', en: 'Open events' },
  activeWarnings: { zh: '生效预警', en: 'Active warnings' },
  shelterCapacity: { zh: '避难容量（人）', en: 'Shelter capacity' },
  respondersOnDuty: { zh: '在岗人员', en: 'Responders on duty' },
  warnings: { zh: '生效预警', en: 'Active warnings' },
  noWarnings: { zh: '当前无生效预警', en: 'No active warnings' },
  level1: { zh: '一级（红色）', en: 'Level I (red)' },
  level2: { zh: '二级（橙色）', en: 'Level II (orange)' },
  level3: { zh: '三级（黄色）', en: 'Level III (yellow)' },
  level4: { zh: '四级（蓝色）', en: 'Level IV (blue)' },
  expires: { zh: '截止', en: 'until' },
  // A phone's tab bar under the map (shell/sheets.js): the wall's and the command view's panels.
  sheetTabs: { zh: '面板', en: 'Panels' },
  sheetClose: { zh: '关闭', en: 'Close' },
  sheetEvents: { zh: '事件', en: 'Events' },
  sheetLayers: { zh: '图层', en: 'Layers' },
  sheetSituation: { zh: '态势', en: 'Situation' },
  sheetWarnings: { zh: '预警', en: 'Warnings' },
  sheetDuty: { zh: '值班', en: 'Duty' },
  sheetEvent: { zh: '事件', en: 'Event' },
  sheetOrders: { zh: '指令', en: 'Orders' },
  sheetField: { zh: '现场', en: 'On site' },
  sheetNearby: { zh: '周边', en: 'Nearby' },
};
