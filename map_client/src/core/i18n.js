// Simplified Chinese first, English by a switch. The choice is kept in localStorage and in a cookie
// (so Django's pages agree), and `?lang=en` / `?lang=zh` in the address wins over both.

export const LANGS = ['zh', 'en'];
export const DEFAULT_LANG = 'zh';
const STORAGE_KEY = 'onemap.lang';

const MESSAGES = {
  zh: {
    appTitle: '长宁区应急管理一张图',
    bureau: '长宁区应急管理局',
    commandTitle: '应急指挥',
    editorTitle: '图层编辑',
    layers: '图层',
    legend: '图例',
    stats: '实时态势',
    openEvents: '在办事件',
    activeWarnings: '生效预警',
    shelterCapacity: '避难容量（人）',
    respondersOnDuty: '在岗人员',
    warnings: '生效预警',
    noWarnings: '当前无生效预警',
    search: '搜索名称…',
    searchNoResult: '未找到结果',
    openRecord: '查看档案',
    close: '关闭',
    langSwitch: 'English',
    signIn: '登录',
    signOut: '退出',
    unknown: '—',
    yes: '是',
    no: '否',
    level1: '一级（红色）',
    level2: '二级（橙色）',
    level3: '三级（黄色）',
    level4: '四级（蓝色）',
    expires: '截止',
    nearby: '周边资源',
    rings: '距离圈',
    metres: '米',
    km: '公里',
    eventNotFound: '未找到该事件，或无权查看',
    loadFailed: '加载失败',
    live: '实时',
    poll: '轮询',
    group_base: '基础地理',
    group_hazards: '风险隐患与企业',
    group_resources: '应急资源与仓库',
    group_shelters: '避难场所',
    group_cameras: '视频监控',
    group_people: '人员',
    group_warnings: '预警信息',
    group_events: '突发事件',
    group_other: '其他',
    nearby_resources: '应急资源',
    nearby_shelters: '避难场所',
    nearby_cameras: '视频监控',
    nearby_enterprises: '重点企业',
    nearby_hazards: '风险隐患',
    nearbyEmpty: '范围内无',
    pickLayer: '选择图层',
    noEditableLayers: '您没有可编辑的图层',
    drawPoint: '画点',
    drawPolygon: '画面',
    moveVertex: '移动节点',
    save: '保存',
    cancel: '取消',
    delete: '删除',
    undo: '撤销',
    redo: '重做',
    confirmDelete: '确定删除该要素？',
    saved: '已保存',
    deleted: '已删除',
    newFeature: '新要素',
    editFeature: '编辑要素',
    clickToEdit: '点击地图上的要素进行编辑，或选择“画点/画面”新建。',
    why_noLayer: '请先选择图层',
    why_wrongGeometry: '该图层的几何类型不是',
    why_noSelection: '请先选择一个已保存的要素',
    why_multipart: '多部件几何不能在地图上移动节点',
    why_busy: '正在保存…',
    why_notDirty: '没有需要保存的修改',
    why_noGeometry: '请先在地图上绘制',
    why_nothingToUndo: '没有可撤销的操作',
    why_nothingToRedo: '没有可重做的操作',
    why_notWritable: '您无权编辑该图层',
    conflict: '该要素已被他人修改，已载入最新版本，请重新操作。',
    errorGeneric: '保存失败',
    required: '必填',
    choose: '请选择',
    geom_point: '点',
    geom_line: '线',
    geom_polygon: '面',
  },
  en: {
    appTitle: 'Changning Emergency One-Map',
    bureau: 'Changning District Emergency Management Bureau',
    commandTitle: 'Command',
    editorTitle: 'Layer editor',
    layers: 'Layers',
    legend: 'Legend',
    stats: 'Situation',
    openEvents: 'Open events',
    activeWarnings: 'Active warnings',
    shelterCapacity: 'Shelter capacity',
    respondersOnDuty: 'Responders on duty',
    warnings: 'Active warnings',
    noWarnings: 'No active warnings',
    search: 'Search by name…',
    searchNoResult: 'No results',
    openRecord: 'Open record',
    close: 'Close',
    langSwitch: '中文',
    signIn: 'Sign in',
    signOut: 'Sign out',
    unknown: '—',
    yes: 'Yes',
    no: 'No',
    level1: 'Level I (red)',
    level2: 'Level II (orange)',
    level3: 'Level III (yellow)',
    level4: 'Level IV (blue)',
    expires: 'until',
    nearby: 'Nearby',
    rings: 'Rings',
    metres: 'm',
    km: 'km',
    eventNotFound: 'Event not found, or you may not see it',
    loadFailed: 'Failed to load',
    live: 'live',
    poll: 'polling',
    group_base: 'Base',
    group_hazards: 'Hazards and enterprises',
    group_resources: 'Resources and warehouses',
    group_shelters: 'Shelters',
    group_cameras: 'Cameras',
    group_people: 'People',
    group_warnings: 'Warnings',
    group_events: 'Events',
    group_other: 'Other',
    nearby_resources: 'Resources',
    nearby_shelters: 'Shelters',
    nearby_cameras: 'Cameras',
    nearby_enterprises: 'Enterprises',
    nearby_hazards: 'Hazards',
    nearbyEmpty: 'None in range',
    pickLayer: 'Choose a layer',
    noEditableLayers: 'You have no layers to edit',
    drawPoint: 'Point',
    drawPolygon: 'Polygon',
    moveVertex: 'Move vertex',
    save: 'Save',
    cancel: 'Cancel',
    delete: 'Delete',
    undo: 'Undo',
    redo: 'Redo',
    confirmDelete: 'Delete this feature?',
    saved: 'Saved',
    deleted: 'Deleted',
    newFeature: 'New feature',
    editFeature: 'Edit feature',
    clickToEdit: 'Click a feature on the map to edit it, or choose Point/Polygon to add one.',
    why_noLayer: 'Choose a layer first',
    why_wrongGeometry: 'This layer does not hold',
    why_noSelection: 'Select a saved feature first',
    why_multipart: 'Vertices of multi-part geometries cannot be moved on the map',
    why_busy: 'Saving…',
    why_notDirty: 'Nothing to save',
    why_noGeometry: 'Draw on the map first',
    why_nothingToUndo: 'Nothing to undo',
    why_nothingToRedo: 'Nothing to redo',
    why_notWritable: 'You may not edit this layer',
    conflict: 'Someone else changed this feature; the current version is loaded, apply your change again.',
    errorGeneric: 'Save failed',
    required: 'required',
    choose: 'Choose…',
    geom_point: 'points',
    geom_line: 'lines',
    geom_polygon: 'polygons',
  },
};

export function normaliseLang(value) {
  if (!value) return null;
  const v = String(value).toLowerCase();
  if (v.startsWith('en')) return 'en';
  if (v.startsWith('zh')) return 'zh';
  return null;
}

/** The language for this page: ?lang= first, then the stored choice, then Chinese. */
export function resolveLang(search = '', stored = null) {
  const fromQuery = normaliseLang(new URLSearchParams(search).get('lang'));
  return fromQuery || normaliseLang(stored) || DEFAULT_LANG;
}

let current = DEFAULT_LANG;

export function setLang(lang) {
  current = normaliseLang(lang) || DEFAULT_LANG;
  return current;
}

export function lang() {
  return current;
}

/** A UI message in the current language (falls back to Chinese, then to the key). */
export function t(key, language = current) {
  return MESSAGES[language]?.[key] ?? MESSAGES.zh[key] ?? key;
}

/** Picks the current language from a `{zh, en}` pair as the API sends them; strings pass through. */
export function pick(text, language = current) {
  if (text == null) return '';
  if (typeof text !== 'object') return String(text);
  return text[language] || text.zh || text.en || '';
}

/** The value the server expects in Accept-Language. */
export function acceptLanguage(language = current) {
  return language === 'en' ? 'en' : 'zh-hans';
}

export function hasMessage(key, language) {
  return Object.prototype.hasOwnProperty.call(MESSAGES[language] || {}, key);
}

export function messageKeys(language) {
  return Object.keys(MESSAGES[language] || {});
}

/* Browser-only helpers below. */

export function initLang() {
  let stored = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    /* storage blocked: the default stands */
  }
  const chosen = setLang(resolveLang(window.location.search, stored));
  persistLang(chosen);
  document.documentElement.lang = chosen === 'en' ? 'en' : 'zh-Hans';
  return chosen;
}

export function persistLang(language) {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    /* ignore */
  }
  document.cookie = `onemap_lang=${language}; path=/; max-age=31536000; SameSite=Lax`;
}

/** Switches language and reloads: every label on the page and in the map is rebuilt. */
export function switchLang(language) {
  persistLang(language);
  const url = new URL(window.location.href);
  url.searchParams.delete('lang');
  window.location.assign(url.toString());
}
