// The command map: distance rings and the nearest lists around an event.
// Each message: Simplified Chinese first, English second.
export default {
  nearby: { zh: '周边资源', en: 'Nearby' },
  rings: { zh: '距离圈', en: 'Rings' },
  metres: { zh: '米', en: 'm' },
  km: { zh: '公里', en: 'km' },
  eventNotFound: { zh: '未找到该事件，或无权查看', en: 'Event not found, or you may not see it' },
  nearby_resources: { zh: '应急资源', en: 'Resources' },
  nearby_shelters: { zh: '避难场所', en: 'Shelters' },
  nearby_cameras: { zh: '视频监控', en: 'Cameras' },
  nearby_enterprises: { zh: '重点企业', en: 'Enterprises' },
  nearby_hazards: { zh: '风险隐患', en: 'Hazards' },
  nearbyEmpty: { zh: '范围内无', en: 'None in range' },
};
