// The attribute form, built from /api/layers/<id>/schema/. Validation errors from the server
// (`{"errors": {"<field>": [...]}}`) are shown next to their field; the rest above the form.
import { h } from '../core/dom.js';
import { pick, t } from '../core/i18n.js';

export function inputKind(field) {
  if (field.choices && field.choices.length) return 'select';
  return { boolean: 'checkbox', integer: 'number', number: 'number', date: 'date', 'date-time': 'datetime-local', text: 'textarea' }[field.type] || 'text';
}

/** A form value (a string from an input, or a boolean) as the API wants it. */
export function parseValue(field, raw) {
  if (field.type === 'boolean') return Boolean(raw);
  if (raw === '' || raw == null) return null;
  if (field.type === 'integer') {
    const n = Number(raw);
    return Number.isInteger(n) ? n : raw;
  }
  if (field.type === 'number') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw;
  }
  if (field.type === 'date-time') {
    // datetime-local has no zone: the user means Beijing time.
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(raw) ? `${raw.length === 16 ? `${raw}:00` : raw}+08:00` : raw;
  }
  return raw;
}

/** An API value as the input shows it. */
export function displayValue(field, value) {
  if (value == null) return '';
  if (field.type === 'date-time') {
    const d = new Date(String(value).replace(' ', 'T').replace(/\+00$/, '+00:00'));
    if (Number.isNaN(d.getTime())) return '';
    const local = new Date(d.getTime() + 8 * 3600 * 1000).toISOString();
    return local.slice(0, 16);
  }
  if (field.type === 'date') return String(value).slice(0, 10);
  return String(value);
}

/** A field owned by a workflow (`readOnly` in the schema): shown, never sent. */
export function isReadOnly(field) {
  return field.readOnly === true;
}

/** The hint under a read-only field: which workflow changes it. */
export function fieldHint(field) {
  return isReadOnly(field) ? pick(field.hint) : '';
}

/** Properties for the API from `{name: raw}`; with `onlyChanged`, those that differ from `original`. */
export function collectProperties(fields, raw, original = null) {
  const out = {};
  for (const field of fields) {
    if (!(field.name in raw) || isReadOnly(field)) continue;
    const value = parseValue(field, raw[field.name]);
    if (original && sameValue(field, value, original[field.name])) continue;
    out[field.name] = value;
  }
  return out;
}

function sameValue(field, a, b) {
  if (a == null && (b == null || b === '')) return true;
  if (field.type === 'date-time' && a && b) return new Date(a).getTime() === new Date(String(b).replace(' ', 'T').replace(/\+00$/, '+00:00')).getTime();
  if (field.type === 'date' && a && b) return String(a) === String(b).slice(0, 10);
  return a === b || String(a) === String(b);
}

/** Splits server errors into those with a field in the form and the rest. */
export function splitErrors(fields, errors) {
  const names = new Set(fields.map((f) => f.name));
  const byField = {};
  const general = [];
  for (const [key, messages] of Object.entries(errors || {})) {
    const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
    if (names.has(key)) byField[key] = list;
    else general.push(...list.map((m) => (key === 'non_field_errors' || key === 'detail' ? m : `${key}: ${m}`)));
  }
  return { byField, general };
}

/* DOM */

function control(field, value) {
  const kind = inputKind(field);
  const common = { name: field.name, id: `field-${field.name}`, 'data-field': field.name, 'aria-describedby': `error-${field.name}` };
  if (isReadOnly(field)) Object.assign(common, { disabled: true, 'aria-readonly': 'true', 'aria-describedby': `hint-${field.name} error-${field.name}` });
  if (kind === 'select') {
    return h('select', common,
      h('option', { value: '', text: t('choose') }),
      field.choices.map((c) => h('option', { value: String(c.value), selected: String(c.value) === String(value ?? ''), text: pick(c.label) })));
  }
  if (kind === 'checkbox') return h('input', { ...common, type: 'checkbox', checked: value === true || value === 'true' });
  if (kind === 'textarea') return h('textarea', { ...common, rows: 3, text: displayValue(field, value) });
  return h('input', {
    ...common,
    type: kind,
    value: displayValue(field, value),
    step: field.type === 'number' ? 'any' : null,
    maxlength: field.max_length || null,
  });
}

export function buildForm(schema, values = {}) {
  const general = h('div.form-errors', { role: 'alert', 'data-testid': 'form-errors' });
  const rows = schema.fields.map((field) => h(`div.form-row${field.required ? '.required' : ''}`, { dataset: { row: field.name } },
    h('label', { for: `field-${field.name}` }, pick(field.label), field.required ? h('span.req', { title: t('required'), text: ' *' }) : null),
    control(field, values[field.name]),
    isReadOnly(field) ? h('div.field-hint', { id: `hint-${field.name}`, 'data-testid': `hint-${field.name}`, text: fieldHint(field) }) : null,
    h('div.field-error', { id: `error-${field.name}`, dataset: { errorFor: field.name } })));
  const geometryRow = h('div.form-row.geometry-row', { dataset: { row: 'geometry' } },
    h('div.field-error', { id: 'error-geometry', dataset: { errorFor: 'geometry' } }));
  return h('form.feature-form', { novalidate: true, 'data-testid': 'feature-form' }, general, geometryRow, rows);
}

export function readForm(form, schema) {
  const raw = {};
  for (const field of schema.fields) {
    const el = form.querySelector(`[data-field="${field.name}"]`);
    if (!el || isReadOnly(field)) continue;
    raw[field.name] = el.type === 'checkbox' ? el.checked : el.value;
  }
  return raw;
}

export function showErrors(form, schema, errors) {
  clearErrors(form);
  const fields = [...schema.fields, { name: 'geometry' }];
  const { byField, general } = splitErrors(fields, errors);
  for (const [name, messages] of Object.entries(byField)) {
    const slot = form.querySelector(`[data-error-for="${name}"]`);
    if (slot) slot.textContent = messages.join(' ');
    form.querySelector(`.form-row[data-row="${name}"]`)?.classList.add('invalid');
  }
  form.querySelector('.form-errors').textContent = general.join(' ');
  const first = form.querySelector('.form-row.invalid [data-field]');
  if (first) first.focus();
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((el) => { el.textContent = ''; });
  form.querySelectorAll('.form-row.invalid').forEach((el) => el.classList.remove('invalid'));
  form.querySelector('.form-errors').textContent = '';
}
