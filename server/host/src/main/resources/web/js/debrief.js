// The debrief of a match, drawn in the browser: the game read through the theory.
//
// renderDebrief(container, debrief, powers) builds every chart of the debrief into `container`
// from a concert.v1.Debrief in proto3 JSON (lowerCamelCase names, int64 as strings, enums by
// name, default values left out) and the powers in seat order ({id, name, color}).
//
// Every chart is inline SVG that scales with its box, has a title and a description for screen
// readers, and is followed by its numbers in a table. Powers are told apart by colour (the
// Okabe-Ito palette), dash pattern and marker shape, so colour is never the only cue. Every
// string from the match goes into the page as text, never as markup; nothing here sets a style
// attribute, so the page keeps a strict Content-Security-Policy.

const SVG = 'http://www.w3.org/2000/svg';

/** The Okabe-Ito palette; yellow last, as it is the hardest to read on white. */
export const PALETTE = Object.freeze([
  '#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#000000', '#F0E442',
]);

/** Dash patterns by seat; the first is solid. */
const DASHES = ['', '9 4', '2 3', '11 3 2 3', '5 2', '14 3 3 3 3 3', '1 4', '16 5'];

/** Marker shapes by seat. */
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'down', 'cross'];

/** How each kind of edge of the alliance network is drawn. */
const KINDS = [
  { key: 'ALLIANCE_KIND_DEFENSIVE', name: 'defensive alliance', colour: '#0072B2', dash: '', width: 2.8 },
  { key: 'ALLIANCE_KIND_OFFENSIVE', name: 'offensive alliance', colour: '#000000', dash: '10 3 2 3', width: 2.8 },
  { key: 'ALLIANCE_KIND_NON_AGGRESSION', name: 'non-aggression pact', colour: '#009E73', dash: '7 4', width: 2.8 },
  { key: 'ALLIANCE_KIND_NEUTRALITY', name: 'neutrality pact', colour: '#E69F00', dash: '2 3', width: 3.2 },
  { key: 'ALLIANCE_KIND_CONCERT', name: 'concert', colour: '#CC79A7', dash: '14 4', width: 2.8 },
];
const WAR = { key: 'WAR', name: 'war', colour: '#D55E00', dash: '', width: 4.4 };

/** The behaviours the theory names, with the mark each gets on the timeline. */
const BEHAVIOURS = [
  { key: 'BEHAVIOUR_BALANCING', name: 'balancing', colour: '#0072B2', shape: 'circle' },
  { key: 'BEHAVIOUR_BANDWAGONING', name: 'bandwagoning', colour: '#E69F00', shape: 'square' },
  { key: 'BEHAVIOUR_CHAIN_GANGING', name: 'chain-ganging', colour: '#D55E00', shape: 'triangle' },
  { key: 'BEHAVIOUR_BUCK_PASSING', name: 'buck-passing', colour: '#CC79A7', shape: 'diamond' },
];

/** Renders told apart on one page: every id made here carries the render's number. */
let renders = 0;

/**
 * Builds the debrief into `container`, replacing what was there.
 *
 * @param {Element} container where the debrief goes
 * @param {object} debrief a concert.v1.Debrief as proto3 JSON; may be empty or missing
 * @param {Array<{id: string, name: string, color: string}>} powers the powers in seat order
 * @param {{hegemonyWarning?: number, hegemonyVictory?: number, level?: number}} [options]
 *     the hegemony shares (0 to 1) to mark on the share chart, and the heading level of the
 *     debrief's title (2 unless told; sections take the next level)
 */
export function renderDebrief(container, debrief, powers, options = {}) {
  const m = model(debrief, powers);
  const level = clampLevel(options.level);
  const ctx = {
    uid: `debrief-${++renders}`,
    width: chartWidth(container),
    level,
    m,
  };
  container.replaceChildren();
  container.classList.add('debrief');

  const head = el('header', { class: 'debrief-head' }, null, container);
  el(`h${level}`, { class: 'debrief-title' }, 'Debrief: the match read through the theory', head);
  if (m.rows.length === 0) {
    el('p', { class: 'debrief-empty', role: 'status' },
      'No turn has been resolved yet. The debrief fills in as turns resolve: arms, income, '
      + 'power shares, polarity, security, the alliance network, commitments, behaviour and '
      + 'arms races, turn by turn.', head);
    return;
  }
  el('p', { class: 'debrief-lead' }, lead(m), head);
  const sections = [
    ['arms', 'Arms and income'], ['power', 'Power and polarity'], ['security', 'Security'],
    ['alliances', 'Alliances'], ['commitments', 'Commitments'], ['behaviour', 'Behaviour'],
    ['races', 'Arms races'],
  ];
  const nav = el('nav', { class: 'debrief-nav', 'aria-label': 'Debrief sections' }, null, head);
  const navList = el('ul', null, null, nav);
  for (const [key, label] of sections) {
    const li = el('li', null, null, navList);
    el('a', { href: `#${ctx.uid}-${key}` }, label, li);
  }

  armsSection(ctx, container, options);
  powerSection(ctx, container, options);
  securitySection(ctx, container);
  allianceSection(ctx, container);
  commitmentSection(ctx, container);
  behaviourSection(ctx, container);
  raceSection(ctx, container);
}

// ---- the data -------------------------------------------------------------------------------

/** The debrief in the shape the charts need: powers with their styles, and a row per turn. */
function model(debrief, powers) {
  const ordered = [];
  const byId = new Map();
  const used = new Set();
  const add = (id, name, colour) => {
    if (id === '' || byId.has(id)) {
      return;
    }
    const seat = ordered.length;
    const p = { id, name: name || id, seat, colour: null, wanted: colour, short: short(id) };
    ordered.push(p);
    byId.set(id, p);
  };
  for (const p of arr(powers)) {
    add(str(p && p.id), str(p && p.name), str(p && p.color).toUpperCase());
  }
  const turns = arr(debrief && debrief.turns);
  for (const t of turns) {
    for (const pm of arr(t && t.powers)) {
      add(str(pm && pm.power), '', '');
    }
  }
  // A scenario colour from the palette is kept, so that the charts match the map; any other
  // power takes the first palette colour left, in seat order.
  for (const p of ordered) {
    if (PALETTE.includes(p.wanted) && !used.has(p.wanted)) {
      p.colour = p.wanted;
      used.add(p.wanted);
    }
  }
  for (const p of ordered) {
    if (p.colour === null) {
      p.colour = PALETTE.find((c) => !used.has(c)) || PALETTE[p.seat % PALETTE.length];
      used.add(p.colour);
    }
    delete p.wanted;
  }
  const rows = turns.map((t, i) => {
    const turn = int(t && t.turn) || i + 1;
    const year = int(t && t.year);
    const metrics = new Map();
    for (const pm of arr(t && t.powers)) {
      metrics.set(str(pm && pm.power), pm || {});
    }
    return {
      turn,
      year,
      label: year > 0 ? String(year) : `turn ${turn}`,
      metrics,
      polarity: num(t && t.polarity),
      alliances: arr(t && t.alliances).filter(Boolean),
      wars: arr(t && t.wars).filter(Boolean),
      labels: arr(t && t.labels).filter(Boolean),
      honoured: int(t && t.honoured),
      broken: int(t && t.broken),
    };
  });
  // The first turn each power is recorded as out of the game.
  for (const p of ordered) {
    p.out = -1;
    rows.forEach((r, i) => {
      const pm = r.metrics.get(p.id);
      if (p.out < 0 && pm && !pm.alive) {
        p.out = i;
      }
    });
  }
  const byYear = rows.every((r) => r.year > 0);
  return {
    powers: ordered,
    byId,
    rows,
    fits: arr(debrief && debrief.fits).filter(Boolean),
    unit: byYear ? 'year' : 'turn',
  };
}

function lead(m) {
  const n = m.rows.length;
  const first = m.rows[0].label;
  const last = m.rows[n - 1].label;
  const span = n === 1 ? `one ${m.unit}, ${first}` : `${n} ${m.unit}s, ${first} to ${last}`;
  const out = m.powers.filter((p) => p.out >= 0);
  const gone = out.length === 0 ? ''
    : ` ${list(out.map((p) => `${p.name} was eliminated in ${m.rows[p.out].label}`))}.`;
  return `${m.powers.length} great powers over ${span}.${gone} Each chart is followed by its `
    + 'numbers in a table.';
}

/** A power's value in a row for a line chart: NaN where it has no record or was already out. */
function seriesOf(m, p, value) {
  return m.rows.map((r, i) => {
    const pm = r.metrics.get(p.id);
    if (!pm || (p.out >= 0 && i > p.out)) {
      return NaN;
    }
    return value(pm);
  });
}

/** A power's value in a row for a table: formatted, "eliminated", or "–" when unknown. */
function cellOf(r, p, value, format) {
  const pm = r.metrics.get(p.id);
  if (!pm) {
    return '–';
  }
  if (!pm.alive) {
    return 'eliminated';
  }
  const v = value(pm);
  return Number.isFinite(v) ? format(v) : '–';
}

// ---- sections -------------------------------------------------------------------------------

function section(ctx, parent, key, title, intro) {
  const sec = el('section', {
    class: 'debrief-section', id: `${ctx.uid}-${key}`, 'aria-labelledby': `${ctx.uid}-${key}-h`,
  }, null, parent);
  el(`h${ctx.level + 1}`, { id: `${ctx.uid}-${key}-h` }, title, sec);
  for (const text of [].concat(intro)) {
    el('p', { class: 'debrief-intro' }, text, sec);
  }
  return sec;
}

function subhead(ctx, parent, text) {
  return el(`h${ctx.level + 2}`, { class: 'debrief-subhead' }, text, parent);
}

function armsSection(ctx, parent) {
  const { m } = ctx;
  const sec = section(ctx, parent, 'arms', 'Arms and income', [
    'Each power\'s military strength at the end of every ' + m.unit + ', and the income it '
    + 'collected: guns against butter.',
    'The security dilemma: arms a power buys only to feel safe look like a threat to its '
    + 'neighbours, who arm in turn, and both end up no safer. Lines that climb together are '
    + 'that spiral; the arms races section below fits it to Richardson\'s equations.',
  ]);
  powerChart(ctx, sec, {
    key: 'military', title: 'Military strength',
    value: (pm) => int(pm.military), format: (v) => fmt(v, 0),
  });
  powerChart(ctx, sec, {
    key: 'income', title: 'Income',
    value: (pm) => int(pm.income), format: (v) => fmt(v, 0),
  });
}

function powerSection(ctx, parent, options) {
  const { m } = ctx;
  const sec = section(ctx, parent, 'power', 'Power shares and polarity', [
    'A power\'s share is half its share of all income and half its share of all military '
    + 'strength. The balance of power: when one power\'s share climbs, the others should join '
    + 'against it (balancing) rather than line up behind it (bandwagoning).',
  ]);
  const warning = share(options.hegemonyWarning);
  const victory = share(options.hegemonyVictory);
  const rules = [];
  if (warning > 0) {
    rules.push({ y: warning, label: `warning ${fmt(warning * 100, 0)}%` });
  }
  if (victory > 0) {
    rules.push({ y: victory, label: `hegemony ${fmt(victory * 100, 0)}%` });
  }
  let top = Math.max(0.1, ...rules.map((r) => r.y + 0.05));
  for (const r of m.rows) {
    for (const pm of r.metrics.values()) {
      top = Math.max(top, num(pm.share) || 0);
    }
  }
  powerChart(ctx, sec, {
    key: 'share', title: 'Power share',
    value: (pm) => num(pm.share), format: (v) => `${fmt(v * 100, 1)}%`,
    axis: (v) => `${fmt(v * 100, 0)}%`,
    min: 0, max: Math.min(1, Math.ceil(top * 10) / 10), rules,
  });

  subhead(ctx, sec, 'Polarity');
  el('p', { class: 'debrief-intro' },
    `The effective number of great powers, one over the sum of the squared shares: `
    + `${m.powers.length} when all ${m.powers.length} are equal, 2 for two equal powers, near 1 `
    + 'under a hegemon. Multipolar systems offer many partners and many chances to pass the '
    + 'buck; bipolar ones leave each side to balance the other itself.', sec);
  const values = m.rows.map((r) => r.polarity);
  const format = (v) => fmt(v, 2);
  const finite = values.filter(Number.isFinite);
  const highest = Math.max(2, m.powers.length, ...finite);
  const fig = figure(sec, 'polarity');
  chartBox(fig, lineChart(ctx, {
    key: 'polarity',
    title: 'Polarity by ' + m.unit,
    desc: 'The effective number of great powers by ' + m.unit + summary(m, values, format)
      + '. The numbers are in the table below.',
    series: [{ id: 'polarity', label: 'Polarity', short: '', colour: '#000000', seat: 0, values }],
    min: 1, max: Math.ceil(highest), format, axis: (v) => fmt(v, Number.isInteger(v) ? 0 : 1),
  }));
  el('figcaption', null, 'Polarity by ' + m.unit + '.', fig);
  numbers(sec, 'polarity', 'Polarity by ' + m.unit, [cap(m.unit), 'Polarity'],
    m.rows.map((r) => [r.label, Number.isFinite(r.polarity) ? format(r.polarity) : '–']));
}

function securitySection(ctx, parent) {
  const { m } = ctx;
  const sec = section(ctx, parent, 'security', 'Security', [
    'Security is a power\'s own defence over its defence plus every threat it perceives: 1 is '
    + 'perfectly safe, 0 helpless. It is the security dilemma made visible: one power\'s arms '
    + 'push its neighbours\' lines down. Below the dashed line at 0.5, a power that neither arms '
    + 'nor allies while others balance is passing the buck.',
  ]);
  powerChart(ctx, sec, {
    key: 'security', title: 'Security',
    value: (pm) => num(pm.security), format: (v) => fmt(v, 2),
    min: 0, max: 1, rules: [{ y: 0.5, label: '0.5' }],
  });
  const details = el('details', { class: 'debrief-numbers', 'data-table': 'threats' }, null, sec);
  el('summary', null, 'Main threats: whom each power feared most', details);
  const rows = m.rows.map((r) => [r.label, ...m.powers.map((p) => {
    const pm = r.metrics.get(p.id);
    if (!pm) {
      return '–';
    }
    if (!pm.alive) {
      return 'eliminated';
    }
    const who = str(pm.mainThreat);
    return who === '' ? 'none' : `${nameOf(m, who)} ${fmt(num(pm.mainThreatValue), 1)}`;
  })]);
  table(details, 'The power each power perceived as most threatening, and that threat',
    [cap(m.unit), ...m.powers.map((p) => p.name)], rows);

  subhead(ctx, sec, 'Credibility');
  el('p', { class: 'debrief-intro' },
    'What a power\'s word is worth, from 0 to 100: it rises when the power honours a '
    + 'commitment and falls when it breaks one. Threats and promises from a power with little '
    + 'credibility count for less.', sec);
  powerChart(ctx, sec, {
    key: 'credibility', title: 'Credibility', heading: false,
    value: (pm) => int(pm.credibility), format: (v) => fmt(v, 0), min: 0, max: 100,
  });
}

// ---- line charts by power -------------------------------------------------------------------

/** A line per power, its legend and caption, and its numbers. */
function powerChart(ctx, parent, spec) {
  const { m } = ctx;
  if (spec.heading !== false) {
    subhead(ctx, parent, spec.title);
  }
  const series = m.powers.map((p) => ({
    id: p.id, label: p.name, short: p.short, colour: p.colour, seat: p.seat,
    values: seriesOf(m, p, spec.value),
  }));
  const lines = series.map((sr) => `${sr.label}${summary(m, sr.values, spec.format)}`);
  const fig = figure(parent, spec.key);
  chartBox(fig, lineChart(ctx, {
    key: spec.key,
    title: `${spec.title} by ${m.unit}`,
    desc: `${spec.title} of each power by ${m.unit}. ${lines.join('. ')}. `
      + 'The numbers are in the table below.',
    series, min: spec.min, max: spec.max, rules: spec.rules,
    format: spec.format, axis: spec.axis,
  }));
  legend(fig, m.powers);
  el('figcaption', null, `${spec.title} by ${m.unit}; a marker for each ${m.unit}.`, fig);
  numbers(parent, spec.key, `${spec.title} by ${m.unit} and power`,
    [cap(m.unit), ...m.powers.map((p) => p.name)],
    m.rows.map((r) => [r.label, ...m.powers.map((p) => cellOf(r, p, spec.value, spec.format))]));
}

/** The powers with their line and marker. */
function legend(parent, powers) {
  const ul = el('ul', { class: 'debrief-legend' }, null, parent);
  for (const p of powers) {
    const li = el('li', null, null, ul);
    li.append(sample((g) => {
      line(g, 'M2 8L42 8', p.colour, 2.4, DASHES[p.seat % DASHES.length]);
      marker(g, p.seat, 22, 8, 4, p.colour);
    }));
    li.append(document.createTextNode(p.out >= 0 ? `${p.name} (out)` : p.name));
  }
  return ul;
}

/**
 * A line chart over the turns. spec: key, title, desc, series [{id, label, short, colour,
 * seat, values}], min and max (NaN or missing: from the data, from 0), rules [{y, label}],
 * format (values), axis (axis numbers), height.
 */
function lineChart(ctx, spec) {
  const { m } = ctx;
  const W = ctx.width;
  const narrow = W < 520;
  const left = narrow ? 44 : 56;
  // Room on the right for the short names at the line ends, or for half the last year label.
  const right = spec.series.some((sr) => sr.short) ? (narrow ? 42 : 54) : 26;
  const top = 14;
  const bottom = 32;
  const H = spec.height || (narrow ? 250 : 300);
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const format = spec.format || ((v) => fmt(v, 0));
  const axis = spec.axis || format;
  const rules = spec.rules || [];
  let lo = Number.isFinite(spec.min) ? spec.min : 0;
  let hi = spec.max;
  if (!Number.isFinite(hi)) {
    let most = lo;
    for (const s of spec.series) {
      for (const v of s.values) {
        if (Number.isFinite(v)) {
          most = Math.max(most, v);
        }
      }
    }
    for (const r of rules) {
      most = Math.max(most, r.y);
    }
    hi = most > lo ? niceCeil(most) : lo + 1;
  }
  if (!(hi > lo)) {
    hi = lo + 1;
  }
  const n = m.rows.length;
  const sx = (i) => (n <= 1 ? left + plotW / 2 : left + (plotW * i) / (n - 1));
  const sy = (v) => top + plotH - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * plotH;

  const svg = chartSvg(ctx, spec.key, spec.title, spec.desc, W, H);
  const axes = s(svg, 'g', { class: 'debrief-axes' });
  for (const t of ticks(lo, hi, narrow ? 4 : 5)) {
    const y = sy(t);
    s(axes, 'line', { x1: left, x2: left + plotW, y1: f(y), y2: f(y), class: 'debrief-grid' });
    s(axes, 'text', { x: left - 6, y: f(y + 4), 'text-anchor': 'end' }, axis(t));
  }
  xAxis(axes, m, sx, top + plotH, plotW, left, left + plotW);
  rules.slice().sort((a, b) => b.y - a.y).forEach((r, k, all) => {
    const y = sy(r.y);
    const g = s(svg, 'g', { class: 'debrief-rule' });
    s(g, 'line', { x1: left, x2: left + plotW, y1: f(y), y2: f(y), 'stroke-dasharray': '6 4' });
    const close = k > 0 && Math.abs(sy(all[k - 1].y) - y) < 16;
    s(g, 'text', { x: left + 6, y: f(close ? y + 14 : y - 5), class: 'debrief-halo' }, r.label);
  });

  const ends = [];
  for (const sr of spec.series) {
    const g = s(svg, 'g', { class: 'debrief-series', 'data-power': sr.id });
    const dash = DASHES[sr.seat % DASHES.length];
    let d = '';
    let pen = false;
    let last = -1;
    sr.values.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${f(sx(i))} ${f(sy(v))}`;
      pen = true;
      last = i;
    });
    if (d !== '') {
      line(g, d, sr.colour, 2.4, dash);
    }
    const every = n > 40 ? Math.ceil(n / 20) : 1;
    sr.values.forEach((v, i) => {
      if (Number.isFinite(v) && (i % every === 0 || i === last)) {
        const mk = marker(g, sr.seat, sx(i), sy(v), narrow ? 3.4 : 4, sr.colour);
        mk.classList.add('debrief-marker');
        s(mk, 'title', null, `${sr.label}, ${m.rows[i].label}: ${format(v)}`);
      }
    });
    if (last >= 0 && sr.short) {
      ends.push({ y: sy(sr.values[last]), x: sx(last), text: sr.short, colour: sr.colour, g });
    }
  }
  // Short names at the line ends, pushed apart so that they do not overlap.
  ends.sort((a, b) => a.y - b.y);
  for (let k = 1; k < ends.length; k++) {
    ends[k].y = Math.max(ends[k].y, ends[k - 1].y + 12);
  }
  const overflow = ends.length ? ends[ends.length - 1].y - (top + plotH + 4) : 0;
  if (overflow > 0) {
    ends.forEach((e) => { e.y -= overflow; });
  }
  for (const e of ends) {
    s(e.g, 'text', {
      x: f(e.x + 7), y: f(e.y + 4), class: 'debrief-end debrief-halo',
    }, e.text);
  }
  return svg;
}

/**
 * Year labels under a chart at sx(i), thinned out so that they never collide over `span` (the
 * distance from the first to the last), and the base line from `from` to `to`.
 */
function xAxis(g, m, sx, base, span, from, to) {
  const n = m.rows.length;
  const widest = Math.max(...m.rows.map((r) => r.label.length)) * 7.5 + 8;
  let every = 1;
  while (n > 1 && (span / (n - 1)) * every < widest) {
    every++;
  }
  for (let i = 0; i < n; i++) {
    const x = sx(i);
    const labelled = i % every === 0;
    s(g, 'line', { x1: f(x), x2: f(x), y1: f(base), y2: f(base + (labelled ? 6 : 3)), class: 'debrief-tick' });
    if (labelled) {
      s(g, 'text', { x: f(x), y: f(base + 20), 'text-anchor': 'middle' }, m.rows[i].label);
    }
  }
  s(g, 'line', { x1: f(from), x2: f(to), y1: f(base), y2: f(base), class: 'debrief-tick' });
}

// ---- the alliance network -------------------------------------------------------------------

function allianceSection(ctx, parent) {
  const { m } = ctx;
  const sec = section(ctx, parent, 'alliances', 'The alliance network', [
    'The treaties in force and the wars at the end of each ' + m.unit + '. Move the slider to '
    + 'go through the match.',
    'Tight alliances can drag their members into wars not their own (chain-ganging, as in '
    + '1914); loose ones tempt each member to leave the balancing to the others (buck-passing, '
    + 'as in the 1930s). Whom a power joins tells whether it balances against the strongest or '
    + 'bandwagons with it.',
  ]);
  const n = m.rows.length;
  const sliderId = `${ctx.uid}-net-turn`;
  const control = el('div', { class: 'debrief-slider' }, null, sec);
  el('label', { for: sliderId }, `${cap(m.unit)} shown`, control);
  const input = el('input', {
    type: 'range', id: sliderId, min: '0', max: String(n - 1), step: '1', value: String(n - 1),
    'aria-describedby': `${ctx.uid}-net-now`,
  }, null, control);
  const output = el('output', { for: sliderId, class: 'debrief-slider-value' }, null, control);
  if (n === 1) {
    input.disabled = true;
  }

  const fig = figure(sec, 'alliances');
  const narrow = ctx.width < 520;
  const size = narrow ? { w: 340, h: 300 } : { w: 440, h: 330 };
  const svg = chartSvg(ctx, 'alliances', '', '', size.w, size.h);
  svg.classList.add('debrief-network');
  const title = svg.querySelector('title');
  const desc = svg.querySelector('desc');
  const edges = s(svg, 'g', { class: 'debrief-edges' });
  const nodes = s(svg, 'g', { class: 'debrief-nodes' });
  chartBox(fig, svg);
  const now = el('p', { class: 'debrief-now', id: `${ctx.uid}-net-now`, 'aria-live': 'polite' }, null, fig);
  networkLegend(fig);

  const cx = size.w / 2;
  const cy = size.h / 2;
  const ring = narrow ? 100 : 112;
  const radius = narrow ? 18 : 19;
  const at = new Map();
  m.powers.forEach((p, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, m.powers.length);
    at.set(p.id, { x: cx + ring * Math.cos(angle), y: cy + ring * Math.sin(angle), angle });
  });

  const draw = (i) => {
    const r = m.rows[i];
    const words = describeNetwork(m, r);
    input.value = String(i);
    input.setAttribute('aria-valuetext', r.label);
    output.textContent = r.label;
    title.textContent = `Alliances and wars at the end of ${r.label}`;
    desc.textContent = words;
    now.textContent = `${r.label}: ${words}`;
    edges.replaceChildren();
    nodes.replaceChildren();
    for (const pair of pairsOf(m, r)) {
      const a = at.get(pair.a);
      const b = at.get(pair.b);
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len = Math.max(1e-6, Math.hypot(dx, dy));
      const ux = dx / len;
      const uy = dy / len;
      pair.kinds.forEach((k, j) => {
        const off = (j - (pair.kinds.length - 1) / 2) * 6;
        const x1 = a.x + ux * radius - uy * off;
        const y1 = a.y + uy * radius + ux * off;
        const x2 = b.x - ux * radius - uy * off;
        const y2 = b.y - uy * radius + ux * off;
        const g = s(edges, 'g', {
          class: 'debrief-edge', 'data-a': pair.a, 'data-b': pair.b, 'data-kind': k.style.key,
        });
        s(g, 'title', null, `${nameOf(m, pair.a)} and ${nameOf(m, pair.b)}: ${k.style.name}`
          + (k.treaties.length ? ` (${k.treaties.join(', ')})` : ''));
        const attrs = {
          x1: f(x1), y1: f(y1), x2: f(x2), y2: f(y2), stroke: k.style.colour,
          'stroke-width': k.style.width,
        };
        if (k.style.dash) {
          attrs['stroke-dasharray'] = k.style.dash;
        }
        s(g, 'line', attrs);
        if (k.style === WAR) {
          cross(g, (x1 + x2) / 2, (y1 + y2) / 2, 5);
        }
      });
    }
    for (const p of m.powers) {
      const pos = at.get(p.id);
      const pm = r.metrics.get(p.id);
      const alive = !pm || !!pm.alive;
      const g = s(nodes, 'g', { class: alive ? 'debrief-node' : 'debrief-node debrief-out', 'data-power': p.id });
      s(g, 'title', null, alive ? p.name : `${p.name}, eliminated`);
      const circle = {
        cx: f(pos.x), cy: f(pos.y), r: radius, fill: alive ? p.colour : '#FFFFFF',
        stroke: alive ? '#222222' : '#777777', 'stroke-width': 1.5,
      };
      if (!alive) {
        circle['stroke-dasharray'] = '3 2';
      }
      s(g, 'circle', circle);
      s(g, 'text', {
        x: f(pos.x), y: f(pos.y + 4.5), 'text-anchor': 'middle', class: 'debrief-node-id',
        fill: alive ? ink(p.colour) : '#555555',
      }, p.short);
      // The name under the node (over it for the top one), cut short to stay in the picture.
      const over = Math.sin(pos.angle) < -0.9;
      s(g, 'text', {
        x: f(pos.x), y: f(over ? pos.y - radius - 6 : pos.y + radius + 14), 'text-anchor': 'middle',
        class: 'debrief-node-name debrief-halo',
      }, clip(alive ? p.name : `${p.name} (out)`, 16));
    }
  };
  input.addEventListener('input', () => draw(int(input.value)));
  input.addEventListener('change', () => draw(int(input.value)));
  draw(n - 1);
  el('figcaption', null, 'Great powers on a ring; a line for each kind of treaty between two '
    + 'of them, and a red line with a cross for a war.', fig);

  numbers(sec, 'alliances', `The network by ${m.unit}`,
    [cap(m.unit), 'Treaties in force', 'Wars', 'Eliminated'],
    m.rows.map((r) => {
      const treaties = r.alliances.map((e) => `${str(e.a)}–${str(e.b)} ${kindOf(e.kind).name}`
        + ` (${str(e.treatyId) || 'no id'}${e.secret ? ', secret' : ''})`);
      const wars = r.wars.map((w) => `${str(w.a)}–${str(w.b)}`);
      const out = m.powers.filter((p) => r.metrics.has(p.id) && !r.metrics.get(p.id).alive)
        .map((p) => p.name);
      return [r.label, treaties.join('; ') || 'none', wars.join('; ') || 'none',
        out.join(', ') || 'none'];
    }));
}

/** The edges of a turn grouped by pair of powers, a kind at most once per pair. */
function pairsOf(m, r) {
  const pairs = new Map();
  const put = (a, b, style, treaty) => {
    const pa = m.byId.get(a);
    const pb = m.byId.get(b);
    if (!pa || !pb || pa === pb) {
      return;
    }
    const [x, y] = pa.seat < pb.seat ? [pa, pb] : [pb, pa];
    const key = `${x.id}\u0000${y.id}`;
    if (!pairs.has(key)) {
      pairs.set(key, { a: x.id, b: y.id, seat: [x.seat, y.seat], kinds: [] });
    }
    const pair = pairs.get(key);
    let kind = pair.kinds.find((k) => k.style === style);
    if (!kind) {
      kind = { style, treaties: [] };
      pair.kinds.push(kind);
    }
    if (treaty && !kind.treaties.includes(treaty)) {
      kind.treaties.push(treaty);
    }
  };
  for (const e of r.alliances) {
    put(str(e.a), str(e.b), kindOf(e.kind), str(e.treatyId));
  }
  for (const w of r.wars) {
    put(str(w.a), str(w.b), WAR, '');
  }
  const order = [...KINDS, WAR, UNKNOWN_KIND];
  const out = [...pairs.values()];
  out.forEach((p) => p.kinds.sort((a, b) => order.indexOf(a.style) - order.indexOf(b.style)));
  return out.sort((p, q) => p.seat[0] - q.seat[0] || p.seat[1] - q.seat[1]);
}

/** One turn's network in words. */
function describeNetwork(m, r) {
  const parts = [];
  const byKind = new Map();
  for (const e of r.alliances) {
    const k = kindOf(e.kind).name;
    if (!byKind.has(k)) {
      byKind.set(k, []);
    }
    byKind.get(k).push(`${nameOf(m, str(e.a))} and ${nameOf(m, str(e.b))}`
      + (e.secret ? ' (secret)' : ''));
  }
  for (const [k, v] of byKind) {
    parts.push(`${k}: ${v.join(', ')}`);
  }
  if (r.wars.length) {
    parts.push(`at war: ${r.wars.map((w) => `${nameOf(m, str(w.a))} and ${nameOf(m, str(w.b))}`).join(', ')}`);
  }
  const out = m.powers.filter((p) => r.metrics.has(p.id) && !r.metrics.get(p.id).alive);
  if (out.length) {
    parts.push(`eliminated: ${out.map((p) => p.name).join(', ')}`);
  }
  return parts.length ? `${parts.join('; ')}.` : 'no treaties and no wars.';
}

function networkLegend(parent) {
  const ul = el('ul', { class: 'debrief-legend' }, null, parent);
  for (const k of [...KINDS, WAR]) {
    const li = el('li', null, null, ul);
    li.append(sample((g) => {
      const attrs = { d: 'M2 8L42 8', stroke: k.colour, 'stroke-width': k.width, fill: 'none' };
      if (k.dash) {
        attrs['stroke-dasharray'] = k.dash;
      }
      s(g, 'path', attrs);
      if (k === WAR) {
        cross(g, 22, 8, 4);
      }
    }));
    li.append(document.createTextNode(k.name));
  }
  const li = el('li', null, null, ul);
  li.append(sample((g) => {
    s(g, 'circle', {
      cx: 22, cy: 8, r: 6, fill: '#FFFFFF', stroke: '#777777', 'stroke-dasharray': '2 2',
    });
  }));
  li.append(document.createTextNode('eliminated'));
}

/** A cross on a war line, so that a war reads without its colour. */
function cross(g, x, y, r) {
  const d = `M${f(x - r)} ${f(y - r)}L${f(x + r)} ${f(y + r)}M${f(x + r)} ${f(y - r)}L${f(x - r)} ${f(y + r)}`;
  s(g, 'path', { d, stroke: '#FFFFFF', 'stroke-width': 4.4, fill: 'none' });
  s(g, 'path', { d, stroke: WAR.colour, 'stroke-width': 2.2, fill: 'none' });
}

// ---- commitments ----------------------------------------------------------------------------

function commitmentSection(ctx, parent) {
  const { m } = ctx;
  const sec = section(ctx, parent, 'commitments', 'Commitments honoured and broken', [
    'A commitment is honoured when an ally whose treaty is triggered goes to war as it '
    + 'promised; it is broken when a party attacks a partner, stands aside, or otherwise breaks '
    + 'its terms. Without a world government nothing enforces a treaty but reputation: each '
    + 'breach costs the breaker credibility, which is why promises are believed at all.',
  ]);
  const kept = m.rows.map((r) => r.honoured);
  const broken = m.rows.map((r) => r.broken);
  const total = (a) => a.reduce((x, y) => x + y, 0);
  const desc = `${plural(total(kept), 'commitment')} honoured and ${plural(total(broken), 'breach')}`
    + ` over ${plural(m.rows.length, m.unit)}`;
  const fig = figure(sec, 'commitments');
  chartBox(fig, barChart(ctx, 'commitments', `Commitments honoured and broken by ${m.unit}`,
    `${desc}. The numbers are in the table below.`, kept, broken));
  const ul = el('ul', { class: 'debrief-legend' }, null, fig);
  const kinds = [['honoured', '#009E73', false], ['broken', '#D55E00', true]];
  for (const [name, colour, hatched] of kinds) {
    const li = el('li', null, null, ul);
    li.append(sample((g) => {
      s(g, 'rect', { x: 12, y: 2, width: 20, height: 12, fill: colour, stroke: '#222222' });
      if (hatched) {
        hatch(g, 12, 2, 20, 12);
      }
    }));
    li.append(document.createTextNode(hatched ? `${name} (hatched)` : name));
  }
  el('figcaption', null, `${desc}.`, fig);
  numbers(sec, 'commitments', `Commitments honoured and broken by ${m.unit}`,
    [cap(m.unit), 'Honoured', 'Broken'],
    m.rows.map((r) => [r.label, String(r.honoured), String(r.broken)]));
}

function barChart(ctx, key, title, desc, kept, broken) {
  const { m } = ctx;
  const W = ctx.width;
  const narrow = W < 520;
  const left = narrow ? 36 : 48;
  const right = 12;
  const top = 16;
  const bottom = 32;
  const H = narrow ? 220 : 260;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const hi = niceCeil(Math.max(1, ...kept, ...broken));
  const n = m.rows.length;
  const group = plotW / n;
  const bar = Math.min(26, (group * 0.8) / 2);
  const sy = (v) => top + plotH - (v / hi) * plotH;
  const svg = chartSvg(ctx, key, title, desc, W, H);
  const axes = s(svg, 'g', { class: 'debrief-axes' });
  for (const t of ticks(0, hi, 4)) {
    if (!Number.isInteger(t)) {
      continue;
    }
    const y = sy(t);
    s(axes, 'line', { x1: left, x2: left + plotW, y1: f(y), y2: f(y), class: 'debrief-grid' });
    s(axes, 'text', { x: left - 6, y: f(y + 4), 'text-anchor': 'end' }, fmt(t, 0));
  }
  xAxis(axes, m, (i) => left + group * (i + 0.5), top + plotH, plotW - group, left, left + plotW);
  const bars = s(svg, 'g', { class: 'debrief-bars' });
  m.rows.forEach((r, i) => {
    const mid = left + group * (i + 0.5);
    [[kept[i], '#009E73', false, 'honoured'], [broken[i], '#D55E00', true, 'broken']]
      .forEach(([v, colour, hatched, name], j) => {
        if (v <= 0) {
          return;
        }
        const x = mid - bar + j * bar;
        const y = sy(v);
        const g = s(bars, 'g', { class: `debrief-bar debrief-bar-${name}` });
        s(g, 'title', null, `${r.label}: ${v} ${name}`);
        s(g, 'rect', { x: f(x), y: f(y), width: f(bar), height: f(top + plotH - y), fill: colour, stroke: '#222222', 'stroke-width': 0.8 });
        if (hatched) {
          hatch(g, x, y, bar, top + plotH - y);
        }
        if (bar >= 9) {
          s(g, 'text', { x: f(x + bar / 2), y: f(y - 4), 'text-anchor': 'middle', class: 'debrief-bar-value' }, String(v));
        }
      });
  });
  return svg;
}

/** White diagonal strokes over a box, clipped to it: the second cue for "broken". */
function hatch(g, x, y, w, h) {
  let d = '';
  for (let t = -h; t < w; t += 5) {
    const x0 = Math.max(0, t);
    const y0 = x0 - t;
    const x1 = Math.min(w, t + h);
    const y1 = x1 - t;
    d += `M${f(x + x0)} ${f(y + h - y0)}L${f(x + x1)} ${f(y + h - y1)}`;
  }
  s(g, 'path', { d, stroke: '#FFFFFF', 'stroke-width': 1.4, fill: 'none' });
}

// ---- behaviour ------------------------------------------------------------------------------

function behaviourSection(ctx, parent) {
  const { m } = ctx;
  const sec = section(ctx, parent, 'behaviour', 'Balancing, bandwagoning, chain-ganging, buck-passing', [
    'Joining the side against the strongest or most threatening power is balancing; joining '
    + 'that power is bandwagoning. Entering a war because an ally\'s treaty called is '
    + 'chain-ganging. A threatened power that neither arms nor allies while others balance is '
    + 'passing the buck. Realists expect balancing to be the rule: did it happen here?',
  ]);
  const all = [];
  m.rows.forEach((r, i) => r.labels.forEach((l) => all.push({ i, l, b: behaviourOf(l.behaviour) })));
  if (all.length === 0) {
    el('p', { class: 'debrief-none' }, `No behaviour has been labelled in any ${m.unit} yet.`, sec);
    return;
  }
  const fig = figure(sec, 'behaviour');
  chartBox(fig, timeline(ctx, all));
  const ul = el('ul', { class: 'debrief-legend' }, null, fig);
  for (const b of BEHAVIOURS) {
    const li = el('li', null, null, ul);
    li.append(sample((g) => shape(g, b.shape, 22, 8, 5, b.colour)));
    li.append(document.createTextNode(b.name));
  }
  el('figcaption', null, `Every label, by ${m.unit} and power; the list below says what `
    + 'happened.', fig);

  const timelineList = el('ol', { class: 'debrief-timeline', 'aria-label': `Behaviour labels by ${m.unit}` }, null, sec);
  m.rows.forEach((r) => {
    if (r.labels.length === 0) {
      return;
    }
    const item = el('li', null, null, timelineList);
    el('strong', { class: 'debrief-when' }, r.label, item);
    const inner = el('ul', null, null, item);
    for (const l of r.labels) {
      const b = behaviourOf(l.behaviour);
      const li = el('li', { class: `debrief-label debrief-label-${b.name}` }, null, inner);
      el('span', { class: 'debrief-badge' }, b.name, li);
      const other = str(l.other);
      const who = `${nameOf(m, str(l.power))}${other ? ` (towards ${nameOf(m, other)})` : ''}`;
      const detail = str(l.detail);
      li.append(document.createTextNode(` ${who}${detail ? `: ${detail}` : '.'}`));
    }
  });

  const counts = m.powers.map((p) => [p.name, ...BEHAVIOURS.map((b) => String(all
    .filter((x) => x.b === b && str(x.l.power) === p.id).length))]);
  numbers(sec, 'behaviour', 'How often each power did what',
    ['Power', ...BEHAVIOURS.map((b) => b.name)], counts);
}

/** Labels as marks on a grid: turns across, powers down. */
function timeline(ctx, all) {
  const { m } = ctx;
  const W = ctx.width;
  const narrow = W < 520;
  const left = narrow ? 46 : 110;
  const right = 14;
  const top = 10;
  const rowH = 26;
  const bottom = 30;
  const H = top + rowH * m.powers.length + bottom;
  const plotW = W - left - right;
  const n = m.rows.length;
  const sx = (i) => (n <= 1 ? left + plotW / 2 : left + 8 + ((plotW - 16) * i) / (n - 1));
  const svg = chartSvg(ctx, 'behaviour', `Behaviour labels by ${m.unit} and power`,
    `${plural(all.length, 'label')}: ${BEHAVIOURS.map((b) => `${all.filter((x) => x.b === b).length} ${b.name}`).join(', ')}. `
    + 'Every label is listed below.', W, H);
  const axes = s(svg, 'g', { class: 'debrief-axes' });
  m.powers.forEach((p, k) => {
    const y = top + rowH * (k + 0.5);
    s(axes, 'line', { x1: left, x2: left + plotW, y1: f(y), y2: f(y), class: 'debrief-grid' });
    s(axes, 'text', { x: left - 6, y: f(y + 4), 'text-anchor': 'end' }, narrow ? p.short : p.name);
  });
  xAxis(axes, m, sx, top + rowH * m.powers.length, plotW - 16, left, left + plotW);
  const marks = s(svg, 'g', { class: 'debrief-marks' });
  const seen = new Map();
  for (const { i, l, b } of all) {
    const p = m.byId.get(str(l.power));
    if (!p) {
      continue;
    }
    const key = `${i}/${p.id}`;
    const k = seen.get(key) || 0;
    seen.set(key, k + 1);
    const g = s(marks, 'g', { class: 'debrief-mark' });
    s(g, 'title', null, `${m.rows[i].label}, ${p.name}: ${b.name}`
      + (str(l.other) ? ` towards ${nameOf(m, str(l.other))}` : ''));
    // A second and third label in the same cell sit to the right and to the left.
    const spread = n <= 1 ? 12 : Math.min(12, (plotW - 16) / (n - 1) / 3);
    const dx = [0, spread, -spread][k % 3];
    shape(g, b.shape, sx(i) + dx, top + rowH * (p.seat + 0.5), 6, b.colour);
  }
  return svg;
}

// ---- arms races -----------------------------------------------------------------------------

function raceSection(ctx, parent) {
  const { m } = ctx;
  const sec = section(ctx, parent, 'races', 'Arms races', [
    'For each pair of rivals, Richardson\'s equations fitted to their military strength: '
    + 'Δx = k·y − a·x + g and Δy = l·x − b·y + h. k and l say how strongly each arms in answer '
    + 'to the other, a and b how strongly the cost of its own arms holds it back, g and h what '
    + 'it arms for regardless (its grievance).',
    'The race is stable when both restraints are positive and k·l < a·b: it settles at an '
    + 'equilibrium. Otherwise the mutual reaction wins and arms run away, or collapse.',
  ]);
  if (m.fits.length === 0) {
    el('p', { class: 'debrief-none' }, 'No pair of powers has been rivals for long enough to '
      + `fit (a fit needs five recorded ${m.unit}s).`, sec);
    return;
  }
  numbers(sec, 'fits', 'Every fit at a glance',
    ['Rivals', 'k', 'a', 'g', 'l', 'b', 'h', 'R² x', 'R² y', 'Changes', 'Verdict'],
    m.fits.map((fit) => [
      `${nameOf(m, str(fit.x))} and ${nameOf(m, str(fit.y))}`,
      fmt(num(fit.k), 3), fmt(num(fit.a), 3), fmt(num(fit.g), 2),
      fmt(num(fit.l), 3), fmt(num(fit.b), 3), fmt(num(fit.h), 2),
      fmt(num(fit.r2X), 2), fmt(num(fit.r2Y), 2), String(int(fit.samples)),
      fit.stable ? 'stable' : 'unstable',
    ]), true);
  m.fits.forEach((fit, index) => race(ctx, sec, fit, index));
}

function race(ctx, parent, fit, index) {
  const { m } = ctx;
  const xs = str(fit.x);
  const ys = str(fit.y);
  const px = m.byId.get(xs);
  const py = m.byId.get(ys);
  const xn = nameOf(m, xs);
  const yn = nameOf(m, ys);
  const article = el('article', { class: 'debrief-race', 'data-fit': String(index) }, null, parent);
  el(`h${ctx.level + 2}`, { class: 'debrief-subhead' }, `${xn} and ${yn}`, article);
  const k = num(fit.k);
  const a = num(fit.a);
  const l = num(fit.l);
  const b = num(fit.b);
  const series = [px, py].map((p, side) => ({
    id: side === 0 ? xs : ys,
    label: side === 0 ? xn : yn,
    short: p ? p.short : short(side === 0 ? xs : ys),
    colour: p ? p.colour : PALETTE[side],
    seat: p ? p.seat : side,
    values: m.rows.map((r) => {
      const pm = r.metrics.get(side === 0 ? xs : ys);
      return pm && pm.alive ? int(pm.military) : NaN;
    }),
  }));
  const flat = series.filter((sr) => new Set(sr.values.filter(Number.isFinite)).size <= 1);
  const verdict = el('p', { class: `debrief-verdict ${fit.stable ? 'debrief-stable' : 'debrief-unstable'}` }, null, article);
  el('strong', null, fit.stable ? 'Stable. ' : 'Unstable. ', verdict);
  let why;
  if (flat.length) {
    why = `${list(flat.map((sr) => sr.label))}${flat.length === 1 ? '\'s arms' : '\'s arms'} did `
      + `not change in these ${m.unit}s, so ${flat.length === 1 ? 'its equation explains' : 'their equations explain'} `
      + 'nothing and no equilibrium is given.';
  } else if (fit.stable) {
    why = `k·l = ${fmt(k * l, 3)} < a·b = ${fmt(a * b, 3)}: the cost of arms outweighs the `
      + `mutual reaction, and the race settles where ${xn} holds ${fmt(num(fit.equilibriumX), 1)} `
      + `and ${yn} ${fmt(num(fit.equilibriumY), 1)}.`;
  } else if (a <= 0 || b <= 0) {
    why = `${a <= 0 ? xn : yn}'s restraint (${a <= 0 ? `a = ${fmt(a, 3)}` : `b = ${fmt(b, 3)}`}) `
      + 'is not positive: its arms do not settle by themselves, and no equilibrium is given.';
  } else {
    why = `k·l = ${fmt(k * l, 3)} ≥ a·b = ${fmt(a * b, 3)}: the mutual reaction outweighs the `
      + 'restraint; arms run away or collapse, depending on where they start.';
  }
  verdict.append(document.createTextNode(why));
  const caption = `Fitted coefficients over ${plural(int(fit.samples), `${m.unit}-on-${m.unit} change`)}`;
  const coeffs = el('div', {
    class: 'debrief-scroll', role: 'region', tabindex: '0', 'aria-label': caption,
  }, null, article);
  table(coeffs, caption, ['Equation', 'Reaction', 'Restraint', 'Grievance', 'R²'], [
    [`Δ${xs} = k·${ys} − a·${xs} + g`, `k = ${fmt(k, 3)}`, `a = ${fmt(a, 3)}`,
      `g = ${fmt(num(fit.g), 2)}`, fmt(num(fit.r2X), 2)],
    [`Δ${ys} = l·${xs} − b·${ys} + h`, `l = ${fmt(l, 3)}`, `b = ${fmt(b, 3)}`,
      `h = ${fmt(num(fit.h), 2)}`, fmt(num(fit.r2Y), 2)],
  ], true).classList.add('debrief-fit');
  const rules = [];
  if (fit.stable && flat.length === 0) {
    const most = Math.max(1, ...series.flatMap((sr) => sr.values.filter(Number.isFinite)));
    for (const [v, who] of [[num(fit.equilibriumX), xs], [num(fit.equilibriumY), ys]]) {
      if (v >= 0 && v <= 3 * most) {
        rules.push({ y: v, label: `${who} equilibrium ${fmt(v, 1)}` });
      }
    }
  }
  const key = `race-${index}`;
  const fig = figure(article, key);
  chartBox(fig, lineChart(ctx, {
    key,
    title: `${xn} and ${yn}: arms by ${m.unit}`,
    desc: `Military strength of ${xn} and ${yn} by ${m.unit}`
      + (rules.length ? ', with the equilibrium levels dashed' : '')
      + '. The numbers are in the table below.',
    series, rules, format: (v) => fmt(v, 0), height: ctx.width < 520 ? 210 : 240,
  }));
  legend(fig, [px || { name: xn, colour: series[0].colour, seat: series[0].seat, out: -1 },
    py || { name: yn, colour: series[1].colour, seat: series[1].seat, out: -1 }]);
  numbers(article, key, `Military strength of ${xn} and ${yn} by ${m.unit}`,
    [cap(m.unit), xn, yn],
    m.rows.map((r, i) => [r.label, ...series.map((sr) => (Number.isFinite(sr.values[i])
      ? fmt(sr.values[i], 0) : '–'))]));
}

// ---- building blocks ------------------------------------------------------------------------

function figure(parent, key) {
  return el('figure', { class: 'debrief-figure', 'data-chart': key }, null, parent);
}

function chartBox(fig, svg) {
  const box = el('div', { class: 'debrief-chart' }, null, null);
  box.append(svg);
  fig.prepend(box);
  return box;
}

/** An SVG element for a chart: scales with its box, an image with a title and description. */
function chartSvg(ctx, key, title, desc, w, h) {
  const id = `${ctx.uid}-${key}`;
  const svg = document.createElementNS(SVG, 'svg');
  attrs(svg, {
    viewBox: `0 0 ${w} ${h}`, role: 'img', class: 'debrief-svg', id: `${id}-svg`,
    'aria-labelledby': `${id}-title ${id}-desc`, preserveAspectRatio: 'xMidYMid meet',
  });
  s(svg, 'title', { id: `${id}-title` }, title);
  s(svg, 'desc', { id: `${id}-desc` }, desc);
  return svg;
}

/** The numbers behind a chart, in a table inside a details element (or open when `shown`). */
function numbers(parent, key, caption, head, rows, shown = false) {
  const wrap = shown ? el('div', { class: 'debrief-numbers', 'data-table': key }, null, parent)
    : el('details', { class: 'debrief-numbers', 'data-table': key }, null, parent);
  if (!shown) {
    el('summary', null, `Numbers: ${caption.charAt(0).toLowerCase()}${caption.slice(1)}`, wrap);
  }
  table(wrap, caption, head, rows);
  return wrap;
}

function table(parent, caption, head, rows, bare = false) {
  // A table wider than a phone scrolls in its own box, which the keyboard can reach.
  const box = bare ? parent : el('div', {
    class: 'debrief-scroll', role: 'region', tabindex: '0', 'aria-label': caption,
  }, null, parent);
  const t = el('table', { class: 'debrief-table' }, null, box);
  el('caption', null, caption, t);
  const tr = el('tr', null, null, el('thead', null, null, t));
  for (const h of head) {
    el('th', { scope: 'col' }, h, tr);
  }
  const body = el('tbody', null, null, t);
  for (const row of rows) {
    const r = el('tr', null, null, body);
    row.forEach((cell, i) => el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : null, cell, r));
  }
  return t;
}

/** A small picture for a legend entry. */
function sample(draw) {
  const svg = document.createElementNS(SVG, 'svg');
  attrs(svg, {
    viewBox: '0 0 44 16', width: '44', height: '16', class: 'debrief-sample',
    'aria-hidden': 'true', focusable: 'false',
  });
  draw(svg);
  return svg;
}

/** A line; light colours get a dark casing so that they read on white. */
function line(g, d, colour, width, dash) {
  const base = { d, fill: 'none', 'stroke-linejoin': 'round', 'stroke-linecap': 'butt' };
  if (dash) {
    base['stroke-dasharray'] = dash;
  }
  if (luminance(colour) > 0.5) {
    s(g, 'path', { ...base, stroke: '#555555', 'stroke-width': width + 1.6 });
  }
  s(g, 'path', { ...base, stroke: colour, 'stroke-width': width });
}

/** A seat's marker. */
function marker(g, seat, x, y, r, colour) {
  return shape(g, MARKERS[seat % MARKERS.length], x, y, r, colour);
}

function shape(g, kind, x, y, r, colour) {
  const paint = { fill: colour, stroke: '#222222', 'stroke-width': 0.9 };
  switch (kind) {
    case 'square':
      return s(g, 'rect', { x: f(x - r * 0.9), y: f(y - r * 0.9), width: f(r * 1.8), height: f(r * 1.8), ...paint });
    case 'triangle':
      return s(g, 'path', { d: `M${f(x)} ${f(y - 1.2 * r)}L${f(x + 1.15 * r)} ${f(y + 0.85 * r)}L${f(x - 1.15 * r)} ${f(y + 0.85 * r)}Z`, ...paint });
    case 'diamond':
      return s(g, 'path', { d: `M${f(x)} ${f(y - 1.3 * r)}L${f(x + 1.3 * r)} ${f(y)}L${f(x)} ${f(y + 1.3 * r)}L${f(x - 1.3 * r)} ${f(y)}Z`, ...paint });
    case 'down':
      return s(g, 'path', { d: `M${f(x)} ${f(y + 1.2 * r)}L${f(x + 1.15 * r)} ${f(y - 0.85 * r)}L${f(x - 1.15 * r)} ${f(y - 0.85 * r)}Z`, ...paint });
    case 'cross':
      return s(g, 'path', {
        d: `M${f(x - r)} ${f(y - r)}L${f(x + r)} ${f(y + r)}M${f(x + r)} ${f(y - r)}L${f(x - r)} ${f(y + r)}`,
        fill: 'none', stroke: colour, 'stroke-width': 2.6,
      });
    default:
      return s(g, 'circle', { cx: f(x), cy: f(y), r: f(r), ...paint });
  }
}

/** An HTML element with attributes and text, appended to `parent` when given. */
function el(tag, attributes, text, parent) {
  const e = document.createElement(tag);
  attrs(e, attributes);
  if (text !== null && text !== undefined) {
    e.textContent = String(text);
  }
  if (parent) {
    parent.append(e);
  }
  return e;
}

/** An SVG element with attributes and text, appended to `parent`. */
function s(parent, tag, attributes, text) {
  const e = document.createElementNS(SVG, tag);
  attrs(e, attributes);
  if (text !== null && text !== undefined) {
    e.textContent = String(text);
  }
  parent.append(e);
  return e;
}

function attrs(e, attributes) {
  for (const [k, v] of Object.entries(attributes || {})) {
    if (k === 'style' || k.startsWith('on')) {
      throw new Error(`debrief: the attribute ${k} is never set (CSP)`);
    }
    e.setAttribute(k, String(v));
  }
}

// ---- small helpers --------------------------------------------------------------------------

/** The width charts are drawn for: the container's, so that text keeps its size on a phone. */
function chartWidth(container) {
  const w = container && container.clientWidth ? container.clientWidth : 720;
  return Math.round(Math.max(320, Math.min(720, w)));
}

function clampLevel(level) {
  const n = int(level);
  return n >= 1 && n <= 4 ? n : 2;
}

function arr(v) {
  return Array.isArray(v) ? v : [];
}

function str(v) {
  return v === null || v === undefined ? '' : String(v);
}

/** A proto3 JSON number: a number, or a string for int64 and the special doubles. */
function num(v) {
  if (v === null || v === undefined || v === '') {
    return 0;
  }
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : NaN;
}

function int(v) {
  const n = num(v);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

function share(v) {
  const n = num(v);
  return Number.isFinite(n) && n > 0 && n <= 1 ? n : 0;
}

function short(id) {
  return id.length <= 4 ? id : id.slice(0, 4);
}

function nameOf(m, id) {
  const p = m.byId.get(id);
  return p ? p.name : id || 'nobody';
}

function kindOf(v) {
  const k = typeof v === 'number' ? KINDS[v - 1] : KINDS.find((x) => x.key === v);
  return k || UNKNOWN_KIND;
}
const UNKNOWN_KIND = { key: 'ALLIANCE_KIND_UNSPECIFIED', name: 'treaty', colour: '#777777', dash: '1 3', width: 2.2 };

function behaviourOf(v) {
  const b = typeof v === 'number' ? BEHAVIOURS[v - 1] : BEHAVIOURS.find((x) => x.key === v);
  return b || { key: 'BEHAVIOUR_UNSPECIFIED', name: 'unlabelled', colour: '#777777', shape: 'circle' };
}

/** Text cut to `most` characters, with an ellipsis when cut. */
function clip(text, most) {
  return text.length <= most ? text : `${text.slice(0, most - 1)}…`;
}

function cap(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plural(n, word) {
  const many = word.endsWith('ch') ? `${word}es` : `${word}s`;
  return `${n} ${n === 1 ? word : many}`;
}

function list(items) {
  return items.length <= 1 ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A number with a fixed count of decimals and a true minus sign. */
function fmt(v, decimals) {
  if (!Number.isFinite(v)) {
    return '–';
  }
  const text = Math.abs(v).toFixed(decimals);
  return v < 0 && Number(text) !== 0 ? `−${text}` : text;
}

/** A coordinate with at most one decimal. */
function f(v) {
  return String(Math.round(v * 10) / 10);
}

/** ": from 12 in 1815 to 30 in 1826, highest 41 in 1820" for one series. */
function summary(m, values, format) {
  const idx = values.map((v, i) => i).filter((i) => Number.isFinite(values[i]));
  if (idx.length === 0) {
    return ': no values';
  }
  const first = idx[0];
  const last = idx[idx.length - 1];
  if (first === last) {
    return `: ${format(values[first])} in ${m.rows[first].label}`;
  }
  let hi = first;
  for (const i of idx) {
    hi = values[i] > values[hi] ? i : hi;
  }
  return `: from ${format(values[first])} in ${m.rows[first].label} to ${format(values[last])} in `
    + `${m.rows[last].label}, highest ${format(values[hi])} in ${m.rows[hi].label}`;
}

/** Round numbers spanning [lo, hi], about `count` of them, at a step of 1, 2, 2.5 or 5 × 10^k. */
function ticks(lo, hi, count) {
  const span = hi - lo;
  if (!(span > 0)) {
    return [lo];
  }
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((v) => v >= raw);
  const out = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-6; t += step) {
    out.push(Math.abs(t) < step * 1e-9 ? 0 : Math.round(t / step) * step);
  }
  return out;
}

/** The top of a round axis that holds `max`. */
function niceCeil(max) {
  if (!(max > 0)) {
    return 1;
  }
  const t = ticks(0, max, 5);
  const step = t.length > 1 ? t[1] - t[0] : max;
  return Math.ceil(max / step - 1e-9) * step;
}

function luminance(hex) {
  const h = /^#[0-9a-fA-F]{6}$/.test(hex) ? hex : '#000000';
  const c = [1, 3, 5].map((i) => {
    const v = parseInt(h.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/** Black or white, whichever reads better on `hex`. */
function ink(hex) {
  return luminance(hex) > 0.22 ? '#000000' : '#FFFFFF';
}
