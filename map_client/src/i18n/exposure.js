// The wall's exposure alert (controls/exposure.js); Simplified Chinese first.
export default {
  title: { zh: '预警影响范围', en: 'Inside the warning area' },
  population: { zh: '涉及人口（估算）', en: 'People (estimate)' },
  details: { zh: '查看详情与导出', en: 'Details and export' },
};
