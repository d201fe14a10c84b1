// Small DOM helpers. Every string goes in as text, never as markup: player-supplied names and
// messages cannot inject anything. No inline styles either (the page's CSP forbids them).

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * h('button', {class: 'x', onclick: f, 'aria-label': 'Go'}, 'text', child...) makes an element.
 * Attributes whose value is null, undefined or false are left out; true sets an empty one.
 */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'value' && 'value' in el) {
      el.value = v;
    } else if (k === 'checked' || k === 'selected' || k === 'disabled') {
      el[k] = Boolean(v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function put(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
/** A fresh element id, for label/for and aria references. */
export function uid(prefix = 'c') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field: the label, the control, and a place for its error. */
export function field(label, control, hint) {
  const id = control.id || uid('f');
  control.id = id;
  const error = h('p', {class: 'error', id: `${id}-error`, hidden: true});
  const help = hint ? h('p', {class: 'hint', id: `${id}-hint`}, hint) : null;
  control.setAttribute('aria-describedby', [help ? `${id}-hint` : '', `${id}-error`].join(' ').trim());
  return h('div', {class: 'field'}, h('label', {for: id}, label), control, help, error);
}

/** Shows (or clears, with '') an error under a field's control and marks it invalid. */
export function fieldError(control, message) {
  const error = document.getElementById(`${control.id}-error`);
  if (!error) return;
  error.textContent = message || '';
  error.hidden = !message;
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map(([v, label]) =>
    h('option', {value: v, selected: v === value}, label)));
}

/** A passing message for everyone, read out by screen readers. */
export function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.classList.add('shown');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove('shown'), 5000);
}

/** A number with thin grouping, e.g. 12 345. */
export function num(n) {
  return Number(n || 0).toLocaleString('en-GB');
}

export function pct(x) {
  return `${Math.round(Number(x || 0) * 100)}%`;
}

/** mm:ss (or h:mm:ss) of a duration in milliseconds, never negative. */
export function clockText(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hh = Math.floor(total / 3600);
  const mm = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** The short names of enum values: 'OFFENSE_DEFENSE_OFFENSE_DOMINANT' → 'offense dominant'. */
export function enumWords(value, prefix) {
  return String(value || '').replace(prefix, '').toLowerCase().replaceAll('_', ' ');
}

/** Downloads bytes under a file name. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', {href: url, download: name, hidden: true});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Tabs with keyboard support (arrows, Home, End): [{id, label, panel}] → element. */
export function tabs(list, onShow) {
  const bar = h('div', {class: 'tabs', role: 'tablist'});
  const panels = h('div', {class: 'panels'});
  const buttons = list.map((t, i) => {
    const b = h('button', {
      role: 'tab', id: `tab-${t.id}`, 'aria-controls': `panel-${t.id}`,
      'aria-selected': i === 0 ? 'true' : 'false', tabindex: i === 0 ? '0' : '-1',
      type: 'button',
    }, t.label);
    t.panel.id = `panel-${t.id}`;
    t.panel.setAttribute('role', 'tabpanel');
    t.panel.setAttribute('aria-labelledby', `tab-${t.id}`);
    t.panel.hidden = i !== 0;
    panels.append(t.panel);
    return b;
  });
  const show = (i, focus) => {
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
      list[j].panel.hidden = i !== j;
    });
    if (focus) buttons[i].focus();
    if (onShow) onShow(list[i].id);
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => show(i, false));
    b.addEventListener('keydown', (e) => {
      const last = buttons.length - 1;
      const to = {ArrowRight: i === last ? 0 : i + 1, ArrowLeft: i === 0 ? last : i - 1,
        Home: 0, End: last}[e.key];
      if (to !== undefined) {
        e.preventDefault();
        show(to, true);
      }
    });
  });
  bar.append(...buttons);
  const box = h('div', {class: 'tabbox'}, bar, panels);
  box.show = (id) => show(list.findIndex((t) => t.id === id), false);
  return box;
}
