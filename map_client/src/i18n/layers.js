// The registry layers on any map: layer panel, legend, groups, popups and search.
// Each message: Simplified Chinese first, English second.
export default {
  layers: { zh: '图层', en: 'Layers' },
  legend: { zh: '图例', en: 'Legend' },
  search: { zh: '搜索名称…', en: 'Search by name…' },
  searchNoResult: { zh: '未找到结果', en: 'No results' },
  openRecord: { zh: '查看档案', en: 'Open record' },
  group_base: { zh: '基础地理', en: 'Base' },
  group_hazards: { zh: '风险隐患与企业', en: 'Hazards and enterprises' },
  group_resources: { zh: '应急资源与仓库', en: 'Resources and warehouses' },
  group_shelters: { zh: '避难场所', en: 'Shelters' },
  group_cameras: { zh: '视频监控', en: 'Cameras' },
  group_people: { zh: '人员', en: 'People' },
  group_warnings: { zh: '预警信息', en: 'Warnings' },
  group_events: { zh: '突发事件', en: 'Events' },
  group_other: { zh: '其他', en: 'Other' },
  openDetails: { zh: '详情', en: 'Details' },
  openOgc: { zh: 'OGC 数据', en: 'OGC record' },
  showClosedEvents: { zh: '显示已关闭/已归档事件', en: 'Show closed and archived events' },
  basemap: { zh: '底图', en: 'Base map' },
  basemapNone: { zh: '无底图（仅本平台图层）', en: 'None (our layers only)' },
};
