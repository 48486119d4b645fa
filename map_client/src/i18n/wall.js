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
};
