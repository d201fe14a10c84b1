// The map, drawn from the scenario's coordinates as SVG: provinces coloured by owner, armies as
// fog allows, forts, and wars and alliances between capitals. Beside it a table says the same
// in words, for screen readers and for anyone who would rather read.

import {h, s, put} from './ui.js';

/** Okabe–Ito: told apart by people with every common colour-vision deficiency. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00',
  '#F0E442', '#000000'];
const MINOR = '#bbbbbb';
const NOBODY = '#eeeeee';

/** Colour, short label and name of each power by id, in seat order. */
export function powerStyles(scenario) {
  const styles = new Map();
  (scenario.powers || []).forEach((p, i) => styles.set(p.id, {
    color: PALETTE[i % PALETTE.length], name: p.name, short: p.id, seat: i,
  }));
  return styles;
}

/**
 * Draws the map into `box`. `view` is a PowerView (JSON) or null before the start; `onPick`
 * is called with a province id when one is chosen (click or Enter).
 */
export function drawMap(box, scenario, view, onPick) {
  const styles = powerStyles(scenario);
  const n = new Map((scenario.provinces || []).map((p) => [p.id, p]));
  const info = new Map(((view && view.provinces) || []).map((p) => [p.id, p]));
  const w = scenario.width || 1000;
  const hgt = scenario.height || 700;
  // A map of many provinces is too small to read or tap on a phone: it keeps a readable width
  // and scrolls within its box instead (see .mapscroll in the style sheet).
  const dense = (scenario.provinces || []).length > 20;
  const svg = s('svg', {viewBox: `0 0 ${w} ${hgt}`, class: dense ? 'map dense' : 'map', role: 'group',
    'aria-label': `Map of ${scenario.name}`});
  const r = Math.max(10, Math.min(w, hgt) / 40);

  const links = s('g', {class: 'links'});
  for (const l of scenario.links || []) {
    const a = n.get(l.a);
    const b = n.get(l.b);
    if (!a || !b) continue;
    links.append(s('line', {x1: a.at?.x || 0, y1: a.at?.y || 0, x2: b.at?.x || 0, y2: b.at?.y || 0,
      class: l.kind === 'LINK_KIND_SEA' ? 'link sea' : 'link'}));
  }
  svg.append(links);

  // Wars and alliances at a glance: lines between the capitals.
  const capitals = new Map((scenario.powers || []).map((p) => [p.id, n.get(p.capital)]));
  const relations = s('g', {class: 'relations'});
  const line = (a, b, cls) => {
    const p = capitals.get(a);
    const q = capitals.get(b);
    if (p && q) relations.append(s('line', {x1: p.at?.x, y1: p.at?.y, x2: q.at?.x, y2: q.at?.y, class: cls}));
  };
  for (const war of (view && view.wars) || []) line(war.a, war.b, 'war');
  for (const t of (view && view.treaties) || []) {
    if (t.status && t.status !== 'TREATY_STATUS_IN_FORCE') continue;
    const parties = (t.terms && t.terms.parties) || [];
    for (let i = 0; i < parties.length; i++) {
      for (let j = i + 1; j < parties.length; j++) line(parties[i], parties[j], 'ally');
    }
  }
  svg.append(relations);

  const provinces = s('g', {class: 'provinces'});
  for (const p of scenario.provinces || []) {
    const seen = info.get(p.id);
    const owner = seen ? seen.owner : p.owner;
    const style = styles.get(owner);
    const x = p.at?.x || 0;
    const y = p.at?.y || 0;
    const label = provinceWords(p, seen, styles, owner);
    const g = s('g', {class: `province${seen && seen.visible === false ? ' fogged' : ''}`,
      tabindex: onPick ? '0' : null, role: onPick ? 'button' : 'img', 'aria-label': label,
      'data-province': p.id});
    if ((p.outline || []).length > 2) {
      g.append(s('polygon', {points: p.outline.map((q) => `${q.x},${q.y}`).join(' '),
        fill: style ? style.color : owner ? MINOR : NOBODY, class: 'land'}));
    }
    g.append(s('circle', {cx: x, cy: y, r, fill: style ? style.color : owner ? MINOR : NOBODY,
      class: p.home ? 'seat home' : 'seat'}));
    if (style) {
      g.append(s('text', {x, y: y + r * 0.35, class: 'owner', 'font-size': r * 0.9}, style.short.slice(0, 3)));
    }
    g.append(s('text', {x, y: y + r * 2, class: 'name', 'font-size': r * 0.85}, p.name));
    const fort = seen && seen.fort !== undefined ? seen.fort : p.fort;
    if (fort) {
      g.append(s('rect', {x: x + r * 0.7, y: y - r * 1.4, width: r * 0.8, height: r * 0.8, class: 'fort'}),
        s('text', {x: x + r * 1.1, y: y - r * 0.75, class: 'fortlevel', 'font-size': r * 0.6}, String(fort)));
    }
    ((seen && seen.stacks) || []).forEach((st, i) => {
      const sx = x - r * 1.2 - i * r * 1.5;
      const sc = styles.get(st.power);
      g.append(s('rect', {x: sx - r * 0.7, y: y - r * 1.6, width: r * 1.4, height: r * 0.9, rx: 2,
        fill: sc ? sc.color : MINOR, class: 'stack'}),
      s('text', {x: sx, y: y - r * 0.9, class: 'strength', 'font-size': r * 0.7}, String(st.strength || 0)));
    });
    g.append(s('title', {}, label));
    if (onPick) {
      g.addEventListener('click', () => onPick(p.id));
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onPick(p.id);
        }
      });
    }
    provinces.append(g);
  }
  svg.append(provinces);

  const legend = h('ul', {class: 'legend', 'aria-label': 'Powers'},
    [...styles.entries()].map(([, st]) => h('li', {}, swatch(st.color), ` ${st.name} (${st.short})`)),
    h('li', {}, h('span', {class: 'key war'}), ' at war'),
    h('li', {}, h('span', {class: 'key ally'}), ' treaty'));
  put(box, h('div', {class: 'mapscroll'}, svg), legend, mapTable(scenario, view, styles));
}

/**
 * Draws a player's orders over the map in `box` (drawn by drawMap): an arrow for each move, a
 * dashed one for each support, and a ring around the army chosen on the map, if any. Replaces
 * what it drew before, so it can follow the orders form as it changes.
 * `plan` = {moves: [{from, to}], supports: [{from, to}], chosen: province id or null}.
 */
export function drawPlan(box, scenario, plan) {
  const svg = box.querySelector('svg.map');
  if (!svg) return;
  svg.querySelector('g.plan')?.remove();
  const at = new Map((scenario.provinces || []).map((p) => [p.id, p.at || {}]));
  const w = scenario.width || 1000;
  const hgt = scenario.height || 700;
  const r = Math.max(10, Math.min(w, hgt) / 40);
  const layer = s('g', {class: 'plan', 'aria-hidden': 'true'});
  if (!svg.querySelector('#plan-head')) {
    svg.prepend(s('defs', {}, s('marker', {id: 'plan-head', viewBox: '0 0 10 10', refX: '8', refY: '5',
      markerWidth: '5', markerHeight: '5', orient: 'auto-start-reverse'},
    s('path', {d: 'M0,0 L10,5 L0,10 z', class: 'head'}))));
  }
  const arrow = (from, to, cls) => {
    const a = at.get(from);
    const b = at.get(to);
    if (!a || !b) return;
    const dx = (b.x || 0) - (a.x || 0);
    const dy = (b.y || 0) - (a.y || 0);
    const len = Math.hypot(dx, dy) || 1;
    const cut = Math.min(r * 1.3, len / 3); // start and end at the circles' edges
    layer.append(s('line', {x1: (a.x || 0) + dx / len * cut, y1: (a.y || 0) + dy / len * cut,
      x2: (b.x || 0) - dx / len * cut, y2: (b.y || 0) - dy / len * cut, class: cls,
      'marker-end': 'url(#plan-head)', 'data-from': from, 'data-to': to}));
  };
  for (const m of plan.moves || []) arrow(m.from, m.to, 'move');
  for (const m of plan.supports || []) arrow(m.from, m.to, 'support');
  if (plan.chosen && at.has(plan.chosen)) {
    const c = at.get(plan.chosen);
    layer.append(s('circle', {cx: c.x || 0, cy: c.y || 0, r: r * 1.6, class: 'chosen',
      'data-province': plan.chosen}));
  }
  svg.append(layer);
}

/** A small colour square that hides from screen readers (the name beside it says it). */
export function swatch(color) {
  const el = s('svg', {viewBox: '0 0 10 10', class: 'swatch', 'aria-hidden': 'true'},
    s('rect', {width: 10, height: 10, fill: color}));
  return el;
}

function provinceWords(p, seen, styles, owner) {
  const ownerName = styles.get(owner)?.name || owner || 'nobody';
  const parts = [`${p.name}: ${ownerName}`];
  const fort = seen && seen.fort !== undefined ? seen.fort : p.fort;
  if (fort) parts.push(`fort ${fort}`);
  for (const st of (seen && seen.stacks) || []) {
    parts.push(`army of ${styles.get(st.power)?.name || st.power}, ${st.strength}`);
  }
  if (seen && seen.visible === false) parts.push('out of sight');
  return parts.join(', ');
}

/** The map in words: a table of provinces, owners, forts and armies. */
function mapTable(scenario, view, styles) {
  const info = new Map(((view && view.provinces) || []).map((p) => [p.id, p]));
  const rows = (scenario.provinces || []).map((p) => {
    const seen = info.get(p.id);
    const owner = seen ? seen.owner : p.owner;
    const stacks = ((seen && seen.stacks) || [])
      .map((st) => `${styles.get(st.power)?.name || st.power} ${st.strength}`).join(', ');
    const fort = seen && seen.fort !== undefined ? seen.fort : p.fort;
    return h('tr', {}, h('th', {scope: 'row'}, p.name), h('td', {}, styles.get(owner)?.name || owner || '—'),
      h('td', {}, String(p.value || 0)), h('td', {}, fort ? String(fort) : ''),
      h('td', {}, seen && seen.visible === false ? 'out of sight' : stacks));
  });
  return h('details', {class: 'maptable'}, h('summary', {}, 'The map as a table'),
    h('table', {}, h('thead', {}, h('tr', {}, ['Province', 'Owner', 'Gold', 'Fort', 'Armies']
      .map((c) => h('th', {scope: 'col'}, c)))), h('tbody', {}, rows)));
}
