// The server's ladder for bot programs: every rated name, best first, with its rating and the
// 95% interval of its skill drawn as a bar (the table says the same in numbers). Refreshed
// while open.

import {h, s, put} from './ui.js';

/** Reads /download/ladder.json afresh (it changes with every game). */
export async function ladderTable() {
  const r = await fetch('/download/ladder.json', {cache: 'no-store'});
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(`the ladder: ${r.status}`);
  return r.json();
}

export function ladderPage(main, setWhere) {
  const box = h('div', {class: 'card ladder'});
  put(main, box);
  setWhere('Ladder');
  let stopped = false;
  async function refresh() {
    try {
      const t = await ladderTable();
      if (!stopped) draw(box, t);
    } catch (e) {
      if (!stopped) put(box, h('p', {class: 'error'}, e.message));
    }
  }
  refresh();
  const timer = setInterval(refresh, 5000);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

function draw(box, t) {
  if (!t) {
    put(box, h('h1', {}, 'Ladder'), h('p', {}, 'This server runs no ladder. Its operator starts'
      + ' one with concert serve --ladder SCENARIO.'));
    return;
  }
  const bots = t.bots || [];
  const lo = Math.min(0, ...bots.map((b) => b.low));
  const hi = Math.max(50, ...bots.map((b) => b.high));
  const x = (v) => ((v - lo) / (hi - lo)) * 200;
  const interval = (b) => s('svg', {viewBox: '0 0 200 16', class: 'interval', 'aria-hidden': 'true'},
    s('line', {x1: x(b.low), x2: x(b.high), y1: 8, y2: 8, class: 'range'}),
    s('circle', {cx: x(b.mu), cy: 8, r: 4, class: b.reference ? 'mean reference' : 'mean'}),
    s('line', {x1: x(b.rating), x2: x(b.rating), y1: 2, y2: 14, class: 'floor'}));
  put(box,
    h('h1', {}, 'Ladder'),
    h('p', {class: 'lead'}, `${t.scenario}: ${t.games} game${t.games === 1 ? '' : 's'} rated`
      + `${t.waiting ? `, ${t.waiting} bot${t.waiting === 1 ? '' : 's'} waiting for the next` : ''}.`),
    h('p', {class: 'hint'}, 'Bot programs enter with a bot token (concert bot --ladder NAME);'
      + ' reference bots (ref:) take the seats nobody waits for. Ratings are OpenSkill: the'
      + ' rank is by μ − 3σ, the bar is the 95% interval of the skill, the dot its mean, the tick the rating.'),
    bots.length ? h('div', {class: 'tablescroll'}, h('table', {class: 'standings'},
      h('caption', {}, 'Ratings, best first'),
      h('thead', {}, h('tr', {}, ['#', 'Bot', 'Rating (μ − 3σ)', 'Skill, 95% interval', 'Games',
        'Wins'].map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, bots.map((b, i) => h('tr', {class: b.reference ? 'reference' : ''},
        h('td', {}, String(i + 1)),
        h('th', {scope: 'row'}, b.name),
        h('td', {}, b.rating.toFixed(1)),
        h('td', {class: 'skill'}, interval(b), ` ${b.low.toFixed(1)}–${b.high.toFixed(1)}`),
        h('td', {}, String(b.games)),
        h('td', {}, String(b.wins)))))))
      : h('p', {}, 'No game has been rated yet.'));
}
