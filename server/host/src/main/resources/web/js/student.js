// The student's screens: joining with a code, and playing a power — the map, one's accounts and
// threats, orders, diplomacy, chat, the countdown and the news of each year in plain words.

import {h, put, field, fieldError, select, toast, num, pct, clockText, tabs, uid} from './ui.js';
import {Connection, Refusal, saved, publicJson} from './net.js';
import {drawMap, drawPlan, powerStyles, swatch} from './map.js';
import {explain, namer, termsText, clauseText} from './explain.js';

const LONGEST_NAME = 40;

// ---- joining -------------------------------------------------------------------------------

/** #/join/CODE: the match behind a code, its seats, a name, and the seat once confirmed. */
export function joinPage(main, code, setStatus) {
  const conn = new Connection({
    state: setStatus,
    opened: async (c) => {
      await c.request({hello: {protocolVersion: 1, client: 'concert-web'}});
      try {
        const offer = await c.request({joinMatch: {code, role: 'ROLE_PLAYER'}});
        showOffer(offer.joinOffer.match);
      } catch (e) {
        put(main, h('section', {class: 'card narrow'}, h('h1', {}, 'No such game'),
          h('p', {}, e instanceof Refusal ? e.message : String(e)),
          h('p', {}, h('a', {href: '#/'}, 'Try another code'))));
      }
    },
  });
  put(main, h('p', {class: 'busy'}, `Looking for game ${code}…`));

  async function showOffer(match) {
    const scenario = await publicJson(`scenario/${match.scenarioId}.json`);
    const styles = powerStyles(scenario);
    const name = h('input', {type: 'text', maxlength: LONGEST_NAME, required: true,
      autocomplete: 'nickname', value: saved.get('name') || ''});
    const choice = uid('seat');
    const seats = (match.seats || []).map((seat, i) => {
      const held = (seat.players || []).length > 0;
      const bot = Boolean(seat.bot) || Boolean(seat.keptForBot);
      const id = `${choice}-${i}`;
      const what = seat.bot ? 'played by a bot' : seat.keptForBot ? 'kept for a bot program'
        : held ? `with ${seat.players.join(', ')} — join the cabinet` : 'free';
      return h('li', {}, h('input', {type: 'radio', name: choice, id, value: seat.power,
        'data-cabinet': held ? 'yes' : '', disabled: bot}),
      h('label', {for: id}, swatch(styles.get(seat.power)?.color || '#999'),
        ` ${styles.get(seat.power)?.name || seat.power} `, h('span', {class: 'hint'}, what)));
    });
    const watchId = `${choice}-watch`;
    seats.push(h('li', {}, h('input', {type: 'radio', name: choice, id: watchId, value: ''}),
      h('label', {for: watchId}, 'Watch as an observer')));
    const form = h('form', {class: 'card narrow', novalidate: true},
      h('h1', {}, match.title || scenario.name),
      h('p', {class: 'lead'}, scenario.description || ''),
      h('fieldset', {}, h('legend', {}, 'Choose your seat'), h('ul', {class: 'seats'}, seats)),
      field('Your name, as the others will see it', name, 'Up to 40 characters.'),
      h('p', {class: 'hint'}, 'The instructor can read every message in the game.'),
      h('button', {type: 'submit', class: 'primary'}, 'Take the seat'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const picked = form.querySelector(`input[name="${choice}"]:checked`);
      const display = name.value.trim();
      fieldError(name, display ? '' : 'Say your name, so that the others know who speaks.');
      if (!display) {
        name.focus();
        return;
      }
      if (!picked) {
        toast('Choose a seat first.');
        return;
      }
      saved.set('name', display);
      const observer = picked.value === '';
      try {
        const granted = await conn.request({claimSeat: {matchId: match.matchId, power: picked.value,
          displayName: display, role: observer ? 'ROLE_OBSERVER' : 'ROLE_PLAYER',
          joinCabinet: picked.dataset.cabinet === 'yes'}});
        const g = granted.seatGranted;
        saved.set('seat', {token: g.seatToken, matchId: g.matchId, power: g.power || '', code,
          name: display});
        conn.close();
        location.hash = '#/play';
      } catch (err) {
        if (err instanceof Refusal && err.field.includes('display_name')) fieldError(name, err.message);
        else toast(err.message);
      }
    });
    put(main, form);
    name.focus();
  }
  return () => conn.close();
}

// ---- playing -------------------------------------------------------------------------------

/** #/play: the seat saved in this browser, resumed; every panel of the game. */
export function playPage(main, setStatus, setWhere) {
  const seat = saved.get('seat');
  if (!seat) {
    location.hash = '#/';
    return () => {};
  }
  const game = {
    seat, scenario: null, n: (x) => x, styles: new Map(), neighbours: new Map(),
    view: null, clock: null, skew: 0, events: [], chats: [], turnShown: 0, ordersTurn: -1,
  };
  const parts = layout(main, game);
  let timer = null;

  const conn = new Connection({
    state: setStatus,
    opened: async (c) => {
      let welcome;
      try {
        welcome = await c.request({hello: {protocolVersion: 1, client: 'concert-web',
          seatToken: seat.token, lastEventVersion: String(c.lastVersion)}});
      } catch (e) {
        if (e instanceof Refusal && e.code === 'ERROR_CODE_UNAUTHENTICATED') {
          saved.set('seat', null);
          put(main, h('section', {class: 'card narrow'}, h('h1', {}, 'This seat is no longer yours'),
            h('p', {}, 'The host gave it to someone else, or the game is gone.'),
            h('p', {}, h('a', {href: '#/'}, 'Join again with a code'))));
          c.close();
          return;
        }
        throw e;
      }
      const w = welcome.welcome;
      if (!game.scenario) {
        const view = (await c.request({getView: {}})).view;
        await setScenario(view.scenarioId);
        game.view = view;
      }
      setWhere(`${w.power ? game.n(w.power) : 'Observer'} · ${w.displayName || seat.name}`);
      refresh();
    },
    push: (m, reply) => receive(m, reply),
  });

  async function setScenario(id) {
    game.scenario = await publicJson(`scenario/${id}.json`);
    game.n = namer(game.scenario);
    game.styles = powerStyles(game.scenario);
    for (const p of game.scenario.provinces || []) game.neighbours.set(p.id, []);
    for (const l of game.scenario.links || []) {
      game.neighbours.get(l.a)?.push(l.b);
      game.neighbours.get(l.b)?.push(l.a);
    }
  }

  let viewAsked = null;
  function askView() { // at most one view request in flight; news may come in bursts
    if (viewAsked) return;
    viewAsked = conn.request({getView: {}}).then((r) => {
      game.view = r.view;
      refresh();
    }).catch(() => {}).finally(() => {
      viewAsked = null;
    });
  }

  function receive(m, reply) {
    if (m.view) {
      game.view = m.view;
      if (game.scenario) refresh();
    }
    if (m.clock) {
      game.clock = m.clock;
      game.skew = Number(m.clock.serverEpochMs || Date.now()) - Date.now();
      renderClock(parts, game);
    }
    if (m.event) {
      addEvents(game, [m.event]);
      renderFeed(parts, game);
      if (!m.event.turnStarted) askView();
    }
    if (m.turnResult) {
      addEvents(game, m.turnResult.events || []);
      game.lastResult = m.turnResult;
      renderFeed(parts, game);
      askView();
    }
    if (m.chat) {
      game.chats.push(m.chat);
      renderChat(parts, game);
    }
    if (m.orderRejection && !reply) showRejection(parts, m.orderRejection); // pushed: a new treaty
  }

  function refresh() {
    if (!game.scenario || !game.view) return;
    const v = game.view;
    drawMap(parts.map, game.scenario, v, (id) => parts.pick(id));
    parts.redrawPlan?.();
    renderStatus(parts, game);
    renderPowers(parts, game);
    renderDiplomacy(parts, game, conn);
    renderChat(parts, game);
    renderFeed(parts, game);
    renderClock(parts, game);
    if (game.seat.power && game.ordersTurn !== v.turn) {
      game.ordersTurn = v.turn;
      renderOrders(parts, game, conn);
    } else if (parts.redrawWar) {
      parts.redrawWar(); // a treaty signed or a war begun within the turn
    }
    if (v.finished && !game.debriefShown) {
      game.debriefShown = true;
      Promise.all([conn.request({getDebrief: {}}), import('./debrief.js')]).then(([r, d]) => {
        parts.debriefTab.hidden = false;
        d.renderDebrief(parts.debrief, r.debrief || {}, game.scenario.powers || []);
      }).catch(() => {
        game.debriefShown = false;
      });
    }
  }

  timer = setInterval(() => renderClock(parts, game), 1000);
  parts.bind(conn, game);
  return () => {
    clearInterval(timer);
    conn.close();
  };
}

/** Adds events once each: a turn's events come pushed one by one and again in its result. */
function addEvents(game, events) {
  game.seen = game.seen || new Set();
  for (const e of events) {
    const key = JSON.stringify({...e, version: undefined}); // numbered or not, the same event
    if (game.seen.has(key)) continue;
    game.seen.add(key);
    game.events.push(e);
  }
}

function layout(main, game) {
  const map = h('div', {class: 'mapbox'});
  const status = h('section', {class: 'card status', 'aria-labelledby': 'status-h'});
  const clock = h('div', {class: 'clock', role: 'timer', 'aria-live': 'off'});
  const readyBox = h('div', {class: 'readiness'});
  const orders = h('div', {});
  const diplomacy = h('div', {});
  const chat = h('div', {});
  const feed = h('div', {});
  const powers = h('div', {});
  const debrief = h('div', {class: 'debrief'});
  const picked = h('p', {class: 'picked', 'aria-live': 'polite'});
  const list = [
    {id: 'orders', label: 'Orders', panel: orders},
    {id: 'diplomacy', label: 'Diplomacy', panel: diplomacy},
    {id: 'chat', label: 'Chat', panel: chat},
    {id: 'news', label: 'News', panel: feed},
    {id: 'powers', label: 'Powers', panel: powers},
    {id: 'debrief', label: 'Debrief', panel: debrief},
  ];
  if (!game.seat.power) list.shift();
  const box = tabs(list);
  const debriefTab = box.querySelector('#tab-debrief');
  debriefTab.hidden = true;
  put(main, h('div', {class: 'game'},
    h('div', {class: 'top'}, clock, readyBox),
    h('div', {class: 'board'}, map, picked),
    h('div', {class: 'side'}, status, box)));
  const parts = {map, status, clock, readyBox, orders, diplomacy, chat, feed, powers, debrief,
    debriefTab, tabs: box, picked, chatDraft: null, builder: null, conn: null, game: null};
  parts.bind = (conn, g) => {
    parts.conn = conn;
    parts.game = g;
  };
  parts.pick = (id) => {
    const said = parts.orderPick?.(id); // a player's army, or where it goes
    if (said) {
      picked.textContent = said;
      return;
    }
    const g = parts.game;
    const q = (g.view.provinces || []).find((p) => p.id === id);
    const def = (g.scenario.provinces || []).find((p) => p.id === id);
    const stacks = ((q && q.stacks) || []).map((st) => `${g.n(st.power)} ${st.strength}`).join(', ');
    picked.textContent = `${def.name}: ${g.n(q ? q.owner : def.owner)}, worth ${def.value || 0} gold`
      + `${q && q.fort ? `, fort ${q.fort}` : ''}${stacks ? `; armies: ${stacks}` : ''}.`
      + ` Next to ${(g.neighbours.get(id) || []).map(g.n).join(', ')}.`;
  };
  return parts;
}

// ---- accounts and threats --------------------------------------------------------------------

function renderStatus(parts, game) {
  const v = game.view;
  const me = v.self;
  if (!game.seat.power || !me) {
    put(parts.status, h('h2', {id: 'status-h'}, 'Observing'),
      h('p', {}, `Year ${v.year || ''}, turn ${v.turn} of ${v.lastTurn}.`));
    return;
  }
  const forts = (v.provinces || []).filter((p) => p.owner === game.seat.power && p.fort).length;
  const row = (label, value, why) => h('div', {class: 'stat'}, h('dt', {}, label),
    h('dd', {}, h('strong', {}, value), why ? h('span', {class: 'why'}, why) : null));
  const threats = (me.threats || []).slice().sort((a, b) => (b.threat || 0) - (a.threat || 0));
  put(parts.status,
    h('h2', {id: 'status-h'}, swatch(game.styles.get(game.seat.power)?.color || '#999'),
      ` ${game.n(game.seat.power)} — ${v.year || ''}, turn ${v.turn} of ${v.lastTurn}`),
    h('dl', {class: 'stats'},
      row('Treasury', `${num(me.treasury)} gold`, 'What you can spend this year.'),
      row('Income', `${num(me.income)} gold`, 'Expected next year, after war weariness.'),
      row('Upkeep', `${num(me.upkeep)} gold`, 'What your armies cost to keep next year.'),
      row('Army', num(me.military), 'Total strength of your stacks.'),
      row('Forts', String(forts), 'Provinces of yours with a fort: each level adds to defence.'),
      row('Credibility', String(me.credibility || 0), 'How far others can trust your word: kept promises raise it, broken ones cost it.'),
      row('Security', pct(me.security), 'Your defence against the threats you perceive: arming raises it, and alarms your neighbours.')),
    h('h3', {}, 'Threats you perceive'),
    threats.length ? h('ul', {class: 'threats'}, threats.map((t) => h('li', {},
      h('span', {class: 'who'}, game.n(t.power)), ' ',
      h('meter', {min: 0, max: 1, value: Math.min(1, t.threat || 0), 'aria-label': `threat from ${game.n(t.power)}`}),
      ` ${(t.threat || 0).toFixed(2)} `,
      h('span', {class: 'why'}, `believed strength ${t.strength || 0}; ${intentWords(t.intent)}`))))
      : h('p', {}, 'No one threatens you.'));
}

function intentWords(intent) {
  const i = Number(intent || 0);
  if (i >= 1.5) return 'at war with you (×1.5)';
  if (i >= 1) return 'no treaty with you (×1)';
  if (i >= 0.6) return 'a non-aggression pact lowers it (×0.6)';
  return 'an ally: threat much lower (×0.3)';
}

function renderPowers(parts, game) {
  const v = game.view;
  put(parts.powers, h('table', {class: 'powers'},
    h('caption', {}, 'The great powers as you see them (estimates are marked ≈).'),
    h('thead', {}, h('tr', {}, ['Power', 'Army', 'Credibility', 'Provinces', 'Income', 'Status']
      .map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, (v.powers || []).map((p) => {
      const war = (v.wars || []).some((w) => (w.a === p.id || w.b === p.id)
        && (w.a === game.seat.power || w.b === game.seat.power));
      return h('tr', {}, h('th', {scope: 'row'}, swatch(game.styles.get(p.id)?.color || '#999'), ` ${p.name}`),
        h('td', {}, `${p.militaryExact ? '' : '≈'}${num(p.military)}`),
        h('td', {}, String(p.credibility || 0)), h('td', {}, String(p.provinces || 0)),
        h('td', {}, num(p.provinceIncome)),
        h('td', {}, !p.alive ? 'eliminated' : war ? 'at war with you' : ''));
    }))));
}

// ---- the clock and readiness -------------------------------------------------------------------

function renderClock(parts, game) {
  const c = game.clock;
  if (!c) return;
  const phase = c.phase;
  let text = '';
  if (phase === 'MATCH_PHASE_LOBBY') text = 'Waiting for the host to start';
  else if (phase === 'MATCH_PHASE_PAUSED') text = `Paused${c.remainingMs ? ` — ${clockText(Number(c.remainingMs))} left` : ''}`;
  else if (phase === 'MATCH_PHASE_FINISHED') text = 'The match is over';
  else if (c.deadlineEpochMs) {
    text = `${clockText(Number(c.deadlineEpochMs) - (Date.now() + game.skew))} left in turn ${c.turn}`;
  } else text = `Turn ${c.turn}: no time limit`;
  if (phase === 'MATCH_PHASE_DIPLOMACY' && c.waitsForHost) text += ' · the host ends the turn';
  parts.clock.textContent = text;
  const ready = new Set(c.ready || []);
  const powers = (game.scenario?.powers || []);
  put(parts.readyBox, h('span', {class: 'label'}, 'Ready: '), h('ul', {class: 'ready'},
    powers.map((p) => h('li', {class: ready.has(p.id) ? 'yes' : 'no'},
      `${ready.has(p.id) ? '✓' : '…'} ${p.name}`))));
  if (game.seat.power && phase === 'MATCH_PHASE_DIPLOMACY') {
    const mine = ready.has(game.seat.power);
    const button = h('button', {type: 'button', class: mine ? '' : 'primary', 'aria-pressed': String(mine)},
      mine ? 'Not ready yet' : 'Ready: end my turn');
    button.addEventListener('click', () => {
      parts.conn.request({ready: {ready: !mine, turn: c.turn}}).catch((e) => toast(e.message));
    });
    parts.readyBox.append(button, h('span', {class: 'hint'}, game.savedTurn === c.turn
      ? 'Your orders are saved.' : 'No orders saved this turn: your armies will hold.'));
  }
}

// ---- news ----------------------------------------------------------------------------------------

function renderFeed(parts, game) {
  const items = [];
  let turn = null;
  // Newest turn first, and within a turn newest first: a turn's result may arrive after the
  // next turn's first news.
  const newestFirst = game.events.slice().reverse().sort((a, b) => (b.turn || 0) - (a.turn || 0));
  for (const e of newestFirst) {
    const text = explain(e, game.n);
    if (!text) continue;
    if (e.turn !== turn) {
      turn = e.turn;
      items.push(h('li', {class: 'turn'}, `Turn ${turn || ''}`));
    }
    items.push(h('li', {class: eventClass(e)}, text));
    if (items.length > 400) break;
  }
  const result = game.lastResult;
  put(parts.feed,
    result && (result.scores || []).length ? h('p', {class: 'scores'}, 'Scores: ',
      (result.scores || []).map((s) => `${game.n(s.power)} ${(s.total || 0).toFixed(1)}`).join(' · ')) : null,
    items.length ? h('ol', {class: 'feed', 'aria-label': 'What happened, newest first'}, items)
      : h('p', {}, 'Nothing has happened yet.'));
}

function eventClass(e) {
  if (e.warDeclared || e.battle || e.treatyTriggered || e.provinceCaptured) return 'war';
  if (e.treatySigned || e.treatyHonoured || e.peaceMade) return 'peace';
  if (e.treatyViolated || e.stoodAside || e.hegemonyWarning) return 'alarm';
  return '';
}

// ---- orders -------------------------------------------------------------------------------------

function renderOrders(parts, game, conn) {
  const v = game.view;
  const me = game.seat.power;
  const rules = v.rules || {};
  const armyCost = Number(rules.armyCost ?? 10);
  const fortCost = Number(rules.fortCost ?? 30);
  const mine = (v.provinces || []).filter((p) => (p.stacks || []).some((s) => s.power === me));
  const owned = (v.provinces || []).filter((p) => p.owner === me);
  const homes = new Set((v.self && v.self.home) || []);
  const controls = new Map(); // field path → control, for the server's problems
  const others = (game.scenario.powers || []).filter((p) => p.id !== me);

  const rowsMil = mine.map((p, i) => {
    const strength = (p.stacks.find((s) => s.power === me) || {}).strength || 0;
    const action = select([['hold', 'Hold'], ['move', 'Move'], ['support', 'Support']], 'hold',
      {'aria-label': `Order for the army in ${game.n(p.id)}`});
    const around = game.neighbours.get(p.id) || [];
    const to = select(around.map((q) => [q, game.n(q)]), around[0], {'aria-label': `Move or support into`});
    const amount = h('input', {type: 'number', min: 1, max: strength, value: strength,
      'aria-label': `Strength to send from ${game.n(p.id)}`});
    const from = select([['', 'its defence'], ...around.flatMap((q) => (game.neighbours.get(q) || [])
      .filter((x) => x !== p.id).map((x) => [x, `the move from ${game.n(x)}`]))]
      .filter((x, k, all) => all.findIndex((y) => y[0] === x[0]) === k), '',
    {'aria-label': 'Support what'});
    const detail = h('span', {class: 'detail'});
    const sync = () => {
      const a = action.value;
      put(detail, a === 'move' ? ['to ', to, ' with ', amount] : a === 'support' ? ['at ', to, ' for ', from] : []);
    };
    action.addEventListener('change', sync);
    sync();
    return {p, strength, action, to, amount, from, index: i, sync,
      el: h('li', {}, `Army of ${strength} in ${game.n(p.id)}: `, action, ' ', detail,
        h('p', {class: 'error', hidden: true}))};
  });

  const builds = owned.filter((p) => homes.has(p.id)).map((p) => ({p,
    input: h('input', {type: 'number', min: 0, value: 0, 'aria-label': `Strength to raise in ${game.n(p.id)}`})}));
  const fortMax = Number(rules.fortMax ?? 3);
  const forts = owned.filter((p) => (p.fort || 0) < fortMax).map((p) => ({p,
    input: h('input', {type: 'number', min: 0, max: fortMax - (p.fort || 0), value: 0,
      'aria-label': `Fort levels to add in ${game.n(p.id)}`})}));
  const invest = h('input', {type: 'number', min: 0, value: 0});
  const subsidies = others.map((o) => ({o, input: h('input', {type: 'number', min: 0, value: 0,
    'aria-label': `Gold to send to ${o.name}`})}));
  const disbands = rowsMil.map((r) => ({p: r.p, input: h('input', {type: 'number', min: 0, max: r.strength,
    value: 0, 'aria-label': `Strength to stand down in ${game.n(r.p.id)}`})}));
  const war = h('fieldset', {}); // redrawn when wars or alliances change within the turn
  parts.redrawWar = () => drawWar(war, game, others);
  parts.redrawWar();
  const spend = h('p', {class: 'spend', 'aria-live': 'polite'});
  const summary = h('div', {class: 'summary', 'aria-live': 'polite'});

  const collect = () => {
    controls.clear();
    const o = {turn: v.turn, economy: {builds: [], forts: [], subsidies: [], disbands: []},
      military: [], standAside: [], declareWar: []};
    for (const b of builds) {
      if (Number(b.input.value) > 0) {
        controls.set(`economy.builds[${o.economy.builds.length}]`, b.input);
        o.economy.builds.push({province: b.p.id, strength: Number(b.input.value)});
      }
    }
    for (const f of forts) {
      if (Number(f.input.value) > 0) {
        controls.set(`economy.forts[${o.economy.forts.length}]`, f.input);
        o.economy.forts.push({province: f.p.id, levels: Number(f.input.value)});
      }
    }
    if (Number(invest.value) > 0) o.economy.invest = Number(invest.value);
    controls.set('economy.invest', invest);
    for (const sub of subsidies) {
      if (Number(sub.input.value) > 0) {
        controls.set(`economy.subsidies[${o.economy.subsidies.length}]`, sub.input);
        o.economy.subsidies.push({to: sub.o.id, gold: Number(sub.input.value)});
      }
    }
    for (const d of disbands) {
      if (Number(d.input.value) > 0) {
        controls.set(`economy.disbands[${o.economy.disbands.length}]`, d.input);
        o.economy.disbands.push({province: d.p.id, strength: Number(d.input.value)});
      }
    }
    for (const r of rowsMil) {
      const k = o.military.length;
      if (r.action.value === 'move') {
        controls.set(`military[${k}]`, r.action);
        controls.set(`military[${k}].move.to`, r.to);
        controls.set(`military[${k}].move.strength`, r.amount);
        o.military.push({move: {from: r.p.id, to: r.to.value, strength: Number(r.amount.value)}});
      } else if (r.action.value === 'support') {
        controls.set(`military[${k}]`, r.action);
        controls.set(`military[${k}].support.target`, r.to);
        controls.set(`military[${k}].support.attack_from`, r.from);
        o.military.push({support: {from: r.p.id, target: r.to.value, attackFrom: r.from.value}});
      }
    }
    // Overspending concerns the whole budget: it is shown at the first thing bought.
    const spent = [...builds, ...forts].find((x) => Number(x.input.value) > 0)?.input
      || (Number(invest.value) > 0 ? invest : subsidies.find((x) => Number(x.input.value) > 0)?.input);
    if (spent) controls.set('economy', spent);
    o.declareWar = [...war.querySelectorAll('input[data-declare]:checked')].map((b) => b.value);
    o.standAside = [...war.querySelectorAll('input[data-aside]:checked')].map((b) => b.value);
    return o;
  };
  const updateSpend = () => {
    const o = collect();
    const cost = o.economy.builds.reduce((t, b) => t + b.strength * armyCost, 0)
      + o.economy.forts.reduce((t, f) => t + f.levels * fortCost, 0)
      + (o.economy.invest || 0) + o.economy.subsidies.reduce((t, s) => t + s.gold, 0);
    const treasury = (v.self && v.self.treasury) || 0;
    spend.textContent = `Spending ${num(cost)} of ${num(treasury)} gold`
      + ` (an army point costs ${armyCost}, a fort level ${fortCost}).`;
    spend.classList.toggle('over', cost > treasury);
  };

  const form = h('form', {class: 'orders', novalidate: true},
    h('h2', {}, `Orders for turn ${v.turn}`),
    h('fieldset', {}, h('legend', {}, 'Armies'), rowsMil.length
      ? h('ul', {class: 'rows'}, rowsMil.map((r) => r.el)) : h('p', {}, 'You have no armies.'),
    h('p', {class: 'hint'}, 'An army without an order holds. Moving strength does not defend where it left.'
      + ' On the map, choose an army and then the province it moves into.')),
    h('fieldset', {}, h('legend', {}, 'Spending'),
      builds.length ? h('div', {class: 'grid'}, builds.map((b) => field(`Raise in ${game.n(b.p.id)}`, b.input))) : null,
      forts.length ? h('details', {}, h('summary', {}, 'Forts'),
        h('div', {class: 'grid'}, forts.map((f) => field(`Fort in ${game.n(f.p.id)} (now ${f.p.fort || 0})`, f.input)))) : null,
      field('Invest gold', invest, 'Invested gold returns a share of itself every later year.'),
      h('details', {}, h('summary', {}, 'Subsidies to other powers'),
        h('div', {class: 'grid'}, subsidies.map((sub) => field(`To ${sub.o.name}`, sub.input)))),
      disbands.length ? h('details', {}, h('summary', {}, 'Stand down (disarm)'),
        h('div', {class: 'grid'}, disbands.map((d) => field(`In ${game.n(d.p.id)}`, d.input)))) : null,
      spend),
    war,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Check and save orders')),
    summary);
  form.addEventListener('input', updateSpend);
  form.addEventListener('change', updateSpend);

  // Orders from the map: choose an army, then the neighbouring province it moves into (or the
  // army again: it holds). The form follows, and the map draws every move and support.
  let chosen = null;
  const plan = () => drawPlan(parts.map, game.scenario, {chosen,
    moves: rowsMil.filter((r) => r.action.value === 'move').map((r) => ({from: r.p.id, to: r.to.value})),
    supports: rowsMil.filter((r) => r.action.value === 'support').map((r) => ({from: r.p.id, to: r.to.value}))});
  const order = (row, action, to) => {
    row.action.value = action;
    if (to) {
      row.to.value = to;
      row.amount.value = row.strength;
    }
    row.sync();
    updateSpend();
  };
  const choose = (row) => {
    chosen = row.p.id;
    return `Army of ${row.strength} in ${game.n(row.p.id)} chosen: choose on the map where it moves,`
      + ` or ${game.n(row.p.id)} again to hold.`;
  };
  parts.redrawPlan = plan;
  parts.orderPick = (id) => {
    const row = rowsMil.find((r) => r.p.id === id);
    const from = rowsMil.find((r) => r.p.id === chosen);
    let said = null;
    if (!from) {
      said = row ? choose(row) : null;
    } else if (id === from.p.id) {
      order(from, 'hold');
      chosen = null;
      said = `The army in ${game.n(id)} holds.`;
    } else if ((game.neighbours.get(from.p.id) || []).includes(id)) {
      order(from, 'move', id);
      chosen = null;
      said = `Move ${from.strength} from ${game.n(from.p.id)} to ${game.n(id)}: change the strength,`
        + ' or make it a support, in the orders.';
    } else if (row) {
      said = choose(row);
    } else {
      said = `${game.n(id)} is not next to ${game.n(from.p.id)}: choose a neighbouring province,`
        + ` or ${game.n(from.p.id)} again to hold.`;
    }
    plan();
    return said;
  };
  form.addEventListener('change', plan);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const c of form.querySelectorAll('[aria-invalid]')) fieldError(c, '');
    for (const p of form.querySelectorAll('li > .error')) p.hidden = true;
    const orders = collect();
    try {
      const r = await conn.request({orders});
      if (r.orderRejection) {
        put(summary, h('p', {class: 'error'}, 'Not saved: correct the marked orders.'));
        problems(r.orderRejection.problems || [], controls, form);
        return;
      }
      game.savedTurn = v.turn;
      renderClock(parts, game);
      put(summary, h('h3', {}, 'Saved. Your orders for this turn:'), ordersWords(orders, game),
        h('p', {class: 'hint'}, 'Change them until the turn ends; press “Ready” when you are done.'));
      toast('Orders saved.');
    } catch (err) {
      if (err instanceof Refusal && err.problems.length) problems(err.problems, controls, form);
      toast(err.message);
    }
  });
  parts.ordersForm = form;
  parts.showProblems = (list) => problems(list, controls, form);
  put(parts.orders, form);
  updateSpend();
  plan();
}

/**
 * The war and alliance choices as the view now stands: war on whom one is not at war with,
 * standing aside from allies. What was ticked stays ticked where it still applies.
 */
function drawWar(box, game, others) {
  const v = game.view;
  const me = game.seat.power;
  const ticked = new Set([...box.querySelectorAll('input:checked')].map((b) => b.id));
  const atWar = new Set((v.wars || []).flatMap((w) => (w.a === me ? [w.b] : w.b === me ? [w.a] : [])));
  const allies = [...new Set((v.treaties || []).filter((t) => (!t.status
    || t.status === 'TREATY_STATUS_IN_FORCE') && (t.terms?.parties || []).includes(me)
    && (t.terms?.clauses || []).some((c) => c.defensiveAlliance || c.offensiveAlliance))
    .flatMap((t) => t.terms.parties.filter((x) => x !== me)))];
  const box2 = (kind, id, label) => {
    const key = `${kind}-${id}`;
    return h('label', {for: key}, h('input', {type: 'checkbox', id: key, value: id,
      [`data-${kind}`]: true, checked: ticked.has(key)}), ` ${label}`);
  };
  const declare = others.filter((o) => !atWar.has(o.id));
  put(box, h('legend', {}, 'War and alliances'),
    declare.length ? h('div', {class: 'checks'}, h('p', {}, 'Declare war on:'),
      declare.map((o) => box2('declare', o.id, o.name))) : null,
    allies.length ? h('div', {class: 'checks'}, h('p', {}, 'Stand aside (do not honour) if called by:'),
      allies.map((id) => box2('aside', id, game.n(id)))) : h('p', {class: 'hint'},
      'No alliance calls on you yet.'));
}

/** Each problem at the control it concerns (the longest known prefix of its field path). */
function problems(list, controls, form) {
  for (const p of list) {
    let path = p.field || '';
    let control = null;
    while (path && !(control = controls.get(path))) {
      path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
    }
    if (control && control.id && document.getElementById(`${control.id}-error`)) {
      fieldError(control, p.message);
    } else if (control) {
      control.setAttribute('aria-invalid', 'true');
      const note = control.closest('li')?.querySelector('.error');
      if (note) {
        note.textContent = p.message;
        note.hidden = false;
      } else toast(p.message);
    } else {
      form.querySelector('.summary')?.append(h('p', {class: 'error'}, p.message));
    }
  }
  form.querySelector('[aria-invalid]')?.focus();
}

function showRejection(parts, rejection) {
  toast('A new treaty forbids some of your orders: they were set aside.');
  parts.showProblems?.(rejection.problems || []);
}

function ordersWords(o, game) {
  const n = game.n;
  const lines = [];
  for (const m of o.military) {
    if (m.move) lines.push(`Move ${m.move.strength} from ${n(m.move.from)} to ${n(m.move.to)}.`);
    if (m.support) {
      lines.push(`From ${n(m.support.from)}, support ${m.support.attackFrom
        ? `the move from ${n(m.support.attackFrom)} into ${n(m.support.target)}`
        : `the defence of ${n(m.support.target)}`}.`);
    }
  }
  for (const b of o.economy.builds) lines.push(`Raise ${b.strength} in ${n(b.province)}.`);
  for (const f of o.economy.forts) lines.push(`Add ${f.levels} fort level(s) in ${n(f.province)}.`);
  if (o.economy.invest) lines.push(`Invest ${o.economy.invest} gold.`);
  for (const s of o.economy.subsidies) lines.push(`Send ${s.gold} gold to ${n(s.to)}.`);
  for (const d of o.economy.disbands) lines.push(`Stand down ${d.strength} in ${n(d.province)}.`);
  for (const w of o.declareWar) lines.push(`Declare war on ${n(w)}.`);
  for (const a of o.standAside) lines.push(`Stand aside if ${n(a)} calls.`);
  if (!lines.length) lines.push('Every army holds; nothing is spent.');
  return h('ul', {class: 'said'}, lines.map((l) => h('li', {}, l)));
}

// ---- diplomacy ------------------------------------------------------------------------------------

const CLAUSES = [
  ['defensiveAlliance', 'Defensive alliance — if one is attacked, the others join the war'],
  ['offensiveAlliance', 'Offensive alliance — go to war together against a target'],
  ['nonAggression', 'Non-aggression — no attacks on each other'],
  ['neutrality', 'Neutrality — none joins a war against another'],
  ['armsLimit', 'Arms limit — each keeps its army under a cap'],
  ['demilitarized', 'Demilitarized zone — no armies in some provinces'],
  ['subsidy', 'Subsidy — gold paid every year'],
  ['cession', 'Cession — a province changes hands'],
  ['peace', 'Peace — ends a war between the parties'],
  ['concert', 'Concert — no border changes without all members (three or more)'],
];

function renderDiplomacy(parts, game, conn) {
  const v = game.view;
  const me = game.seat.power;
  if (!me) {
    put(parts.diplomacy, treatiesList(game, null, conn));
    return;
  }
  if (!parts.builder) parts.builder = builder(game, conn, parts);
  const open = (v.proposals || []).filter((p) => p.status === 'PROPOSAL_STATUS_OPEN');
  const toAnswer = open.filter((p) => (p.terms?.parties || []).includes(me) && !(p.signed || []).includes(me));
  const mineOpen = open.filter((p) => p.proposer === me);
  const answer = (p, body) => conn.request({diplomacy: body})
    .then(() => toast('Done.')).catch((e) => toast(e.message));
  put(parts.diplomacy,
    h('section', {'aria-labelledby': 'inbox-h'}, h('h2', {id: 'inbox-h'}, `Proposals to you (${toAnswer.length})`),
      toAnswer.length ? h('ul', {class: 'inbox'}, toAnswer.map((p) => h('li', {},
        h('p', {}, `${game.n(p.proposer)} proposes: ${termsText(p.terms || {}, game.n)}`),
        h('div', {class: 'actions'},
          h('button', {type: 'button', class: 'primary', onclick: () => answer(p, {accept: p.id})}, 'Accept'),
          h('button', {type: 'button', onclick: () => answer(p, {reject: p.id})}, 'Reject'),
          h('button', {type: 'button', onclick: () => parts.builder.counter(p)}, 'Counter…')))))
        : h('p', {}, 'Nothing waits for your answer.')),
    mineOpen.length ? h('section', {}, h('h3', {}, 'Your open proposals'), h('ul', {class: 'inbox'},
      mineOpen.map((p) => h('li', {}, h('p', {}, `${termsText(p.terms || {}, game.n)} — signed by `
        + `${(p.signed || []).map(game.n).join(', ') || 'no one yet'}`),
      h('button', {type: 'button', onclick: () => answer(p, {withdraw: p.id})}, 'Withdraw'))))) : null,
    treatiesList(game, me, conn),
    parts.builder.el);
}

function treatiesList(game, me, conn) {
  const inForce = (game.view.treaties || []).filter((t) => !t.status || t.status === 'TREATY_STATUS_IN_FORCE');
  return h('section', {'aria-labelledby': 'treaties-h'}, h('h2', {id: 'treaties-h'}, 'Treaties in force'),
    inForce.length ? h('ul', {class: 'treaties'}, inForce.map((t) => h('li', {},
      `${t.id}: ${termsText(t.terms || {}, game.n)}`,
      t.renouncedBy ? h('span', {class: 'hint'}, ` — renounced by ${game.n(t.renouncedBy)}`) : null,
      me && (t.terms?.parties || []).includes(me) && !t.renouncedBy
        ? h('button', {type: 'button', onclick: () => conn.request({diplomacy: {renounce: t.id}})
          .then(() => toast('Renounced: it ends after the notice period.')).catch((e) => toast(e.message))},
        'Renounce') : null)))
      : h('p', {}, 'No treaties yet.'));
}

/** The proposal builder: parties, clauses with their details, duration, secrecy, in plain words. */
function builder(game, conn, parts) {
  const me = game.seat.power;
  const powers = game.scenario.powers || [];
  const others = powers.filter((p) => p.id !== me);
  const partyBoxes = others.map((p) => ({p, box: h('input', {type: 'checkbox', id: uid('party')})}));
  const clauseKind = select(CLAUSES, 'nonAggression');
  const detail = h('div', {class: 'clause-detail'});
  const clauses = [];
  const listEl = h('ul', {class: 'clauses', 'aria-live': 'polite'});
  const duration = h('input', {type: 'number', min: 0, value: 0});
  const secret = h('input', {type: 'checkbox', id: uid('secret')});
  const preview = h('p', {class: 'preview', 'aria-live': 'polite'});
  let counters = '';
  let params = {};

  const provinceOptions = (game.scenario.provinces || []).map((p) => [p.id, p.name]);
  const powerOptions = powers.map((p) => [p.id, p.name]);
  const syncDetail = () => {
    const k = clauseKind.value;
    params = {};
    const parts2 = [];
    if (k === 'offensiveAlliance') {
      params.target = select(powerOptions.filter(([id]) => id !== me), others[0]?.id, {});
      parts2.push(field('Target', params.target));
    } else if (k === 'armsLimit') {
      params.cap = h('input', {type: 'number', min: 0, value: 20});
      parts2.push(field('Cap (strength)', params.cap));
    } else if (k === 'demilitarized') {
      params.provinces = select(provinceOptions, provinceOptions[0]?.[0], {multiple: true, size: 4});
      parts2.push(field('Provinces (choose one or more)', params.provinces));
    } else if (k === 'subsidy') {
      params.from = select(powerOptions, me, {});
      params.to = select(powerOptions, others[0]?.id, {});
      params.gold = h('input', {type: 'number', min: 1, value: 10});
      parts2.push(field('Paid by', params.from), field('Paid to', params.to), field('Gold a year', params.gold));
    } else if (k === 'cession') {
      params.province = select(provinceOptions, provinceOptions[0]?.[0], {});
      params.from = select(powerOptions, me, {});
      params.to = select(powerOptions, others[0]?.id, {});
      parts2.push(field('Province', params.province), field('From', params.from), field('To', params.to));
    }
    put(detail, parts2);
  };
  const clauseValue = () => {
    const k = clauseKind.value;
    if (k === 'offensiveAlliance') return {offensiveAlliance: {target: params.target.value}};
    if (k === 'armsLimit') return {armsLimit: {cap: Number(params.cap.value)}};
    if (k === 'demilitarized') {
      return {demilitarized: {provinces: [...params.provinces.selectedOptions].map((o) => o.value)}};
    }
    if (k === 'subsidy') {
      return {subsidy: {from: params.from.value, to: params.to.value, goldPerTurn: Number(params.gold.value)}};
    }
    if (k === 'cession') {
      return {cession: {province: params.province.value, from: params.from.value, to: params.to.value}};
    }
    return {[k]: {}};
  };
  const terms = () => ({parties: [me, ...partyBoxes.filter((b) => b.box.checked).map((b) => b.p.id)],
    clauses: clauses.slice(), durationTurns: Number(duration.value) || 0, secret: secret.checked});
  const redraw = () => {
    put(listEl, clauses.map((c, i) => h('li', {}, clauseText(c, game.n), ' ',
      h('button', {type: 'button', 'aria-label': `Remove clause ${i + 1}`, onclick: () => {
        clauses.splice(i, 1);
        redraw();
      }}, 'Remove'))));
    preview.textContent = clauses.length ? `In plain words: ${termsText(terms(), game.n)}.` : 'Add at least one clause.';
  };
  clauseKind.addEventListener('change', syncDetail);
  syncDetail();
  const add = h('button', {type: 'button', onclick: () => {
    clauses.push(clauseValue());
    redraw();
  }}, 'Add this clause');
  const status = h('p', {class: 'error', hidden: true});
  const form = h('form', {class: 'builder', novalidate: true},
    h('h2', {}, 'Propose a treaty'),
    h('fieldset', {}, h('legend', {}, 'With'), h('div', {class: 'checks'},
      partyBoxes.map((b) => h('label', {for: b.box.id}, b.box, ` ${b.p.name}`)))),
    h('fieldset', {}, h('legend', {}, 'Clauses'), field('Kind of clause', clauseKind), detail, add, listEl),
    field('Duration in years (0: until renounced)', duration),
    h('label', {for: secret.id, class: 'check'}, secret, ' Secret: known only to the parties until it is triggered or broken'),
    preview, status,
    h('button', {type: 'submit', class: 'primary'}, 'Send the proposal'));
  form.addEventListener('input', redraw);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.hidden = true;
    const body = counters ? {counter: {proposalId: counters, terms: terms()}} : {propose: terms()};
    try {
      const r = await conn.request({diplomacy: body});
      toast(`Proposal ${r.ack?.id || ''} sent.`);
      clauses.length = 0;
      counters = '';
      redraw();
    } catch (err) {
      status.textContent = err.message;
      status.hidden = false;
    }
  });
  redraw();
  return {
    el: form,
    counter(p) {
      counters = p.id;
      clauses.length = 0;
      clauses.push(...(p.terms?.clauses || []));
      for (const b of partyBoxes) b.box.checked = (p.terms?.parties || []).includes(b.p.id);
      duration.value = p.terms?.durationTurns || 0;
      secret.checked = Boolean(p.terms?.secret);
      redraw();
      parts.tabs.show('diplomacy');
      form.querySelector('input')?.focus();
      toast('Change the terms and send them as your counter-proposal.');
    },
  };
}

// ---- chat ----------------------------------------------------------------------------------------

function renderChat(parts, game) {
  if (!parts.chatDraft) parts.chatDraft = chatForm(game, parts);
  const me = game.seat.power;
  const log = h('ol', {class: 'chatlog', 'aria-label': 'Messages, newest last'},
    game.chats.slice(-300).map((c) => {
      const where = c.channel === 'CHAT_CHANNEL_PUBLIC' ? 'congress'
        : c.channel === 'CHAT_CHANNEL_GROUP' ? `group ${c.group || ''} (${(c.to || []).map(game.n).join(', ')})`
          : `private to ${(c.to || []).map(game.n).join(', ')}`;
      return h('li', {class: c.from === me ? 'mine' : ''},
        h('span', {class: 'from'}, `${c.from ? game.n(c.from) : 'Host'}${c.author ? ` (${c.author})` : ''}`),
        h('span', {class: 'where'}, ` · ${where}`), h('p', {}, c.text || ''));
    }));
  put(parts.chat, log, parts.chatDraft);
  log.scrollTop = log.scrollHeight;
}

function chatForm(game, parts) {
  const me = game.seat.power;
  const others = (game.scenario.powers || []).filter((p) => p.id !== me);
  const channel = select([['public', 'Public congress'], ['private', 'Private'], ['group', 'Group']], 'public');
  const to = select(others.map((p) => [p.id, p.name]), others[0]?.id, {});
  const groupBoxes = others.map((p) => ({p, box: h('input', {type: 'checkbox', id: uid('g')})}));
  const groupName = h('input', {type: 'text', maxlength: 40, placeholder: 'e.g. Northern League'});
  const text = h('textarea', {rows: 2, maxlength: 2000, required: true});
  const extra = h('div', {});
  const sync = () => put(extra, channel.value === 'private' ? field('To', to)
    : channel.value === 'group' ? [h('fieldset', {}, h('legend', {}, 'Members'),
      h('div', {class: 'checks'}, groupBoxes.map((b) => h('label', {for: b.box.id}, b.box, ` ${b.p.name}`)))),
    field('Group name', groupName)] : []);
  channel.addEventListener('change', sync);
  sync();
  const form = h('form', {class: 'chatform', novalidate: true},
    me ? [field('Send to', channel), extra] : null, field('Message', text),
    h('p', {class: 'hint'}, 'The instructor can read every message.'),
    h('button', {type: 'submit', class: 'primary', disabled: !me}, 'Send'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const words = text.value.trim();
    if (!words) {
      fieldError(text, 'Write something first.');
      return;
    }
    fieldError(text, '');
    const chat = {text: words};
    if (channel.value === 'public') chat.channel = 'CHAT_CHANNEL_PUBLIC';
    if (channel.value === 'private') Object.assign(chat, {channel: 'CHAT_CHANNEL_PRIVATE', to: [to.value]});
    if (channel.value === 'group') {
      Object.assign(chat, {channel: 'CHAT_CHANNEL_GROUP', group: groupName.value.trim(),
        to: groupBoxes.filter((b) => b.box.checked).map((b) => b.p.id)});
    }
    try {
      await parts.conn.request({chat});
      if (text.value.trim() === words) text.value = ''; // keep what was typed meanwhile
      text.focus();
    } catch (err) {
      fieldError(text, err.message);
    }
  });
  return form;
}
