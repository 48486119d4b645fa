// A tiny element builder: h('div.cls', {attrs}, ...children). No framework.
export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') {
      for (const [prop, value] of Object.entries(v)) {
        if (prop.startsWith('--')) el.style.setProperty(prop, value);
        else el.style[prop] = value;
      }
    }
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Page config rendered by Django with json_script. */
export function pageConfig() {
  const el = document.getElementById('onemap-config');
  try {
    return el ? JSON.parse(el.textContent) : {};
  } catch {
    return {};
  }
}

/** A MapLibre IControl around a plain element. */
export class ElementControl {
  constructor(el) {
    this.el = el;
  }

  onAdd() {
    return this.el;
  }

  onRemove() {
    this.el.remove();
  }
}
