// The instructor's console: the host token once, then a new game from a scenario and the
// teaching knobs, and one page that watches every seat of every world and steers each match.

import {h, put, field, fieldError, select, toast, uid, enumWords, saveBlob} from './ui.js';
import {Connection, Refusal, saved, publicJson, joinAddress} from './net.js';
import {explain, namer} from './explain.js';

const BOTS = ['balancer', 'bandwagoner', 'buckpasser', 'hawk', 'defensive', 'richardson',
  'reciprocator', 'concert', 'random'];

/** The knobs a class is built around, each with the idea it teaches. */
const TEACHING = {
  offenseDefense: ['Offence–defence balance',
    'When attack is easier than defence, arming for safety looks like preparing to strike: the security dilemma sharpens.'],
  distinguishability: ['Can defensive arms be told apart?',
    'If forts and armies look different, a power can be safe without threatening anyone; if not, every build alarms the neighbours.'],
  transparency: ['What each power sees',
    'Under fog, powers guess each other’s strength and fear the worst; transparency lets them see and trust.'],
  enforcement: ['Treaty enforcement',
    'Cheap talk: promises cost nothing to break. Reputation: breaking them costs credibility. Binding: the referee forbids it.'],
  realism: ['Scoring: what powers want',
    'Defensive realism rewards security and survival; offensive realism rewards relative power; the concert rewards peace.'],
  turns: ['Years (turns)', 'How long the match lasts.'],
};

const MATCH_OPTIONS = {
  press: [['PRESS_FULL', 'Full: private, group and public'], ['PRESS_PUBLIC_ONLY', 'Public congress only'],
    ['PRESS_NONE', 'No chat (structured proposals only)']],
  missedOrders: [['MISSED_ORDERS_HOLD', 'A power that gives no orders holds'],
    ['MISSED_ORDERS_BOT', 'A bot gives its orders']],
  observerSight: [['OBSERVER_SIGHT_PUBLIC', 'Observers see what everyone sees'],
    ['OBSERVER_SIGHT_FULL', 'Observers see everything (for assistants)']],
};

export function hostPage(main, setStatus, setWhere) {
  const token = saved.get('host');
  if (!token) {
    askToken(main);
    return () => {};
  }
  setWhere('Instructor');
  const state = {matches: [], chats: new Map(), news: new Map(), scenarios: new Map(), selected: '',
    clocks: new Map()};
  const create = h('section', {class: 'card', 'aria-labelledby': 'create-h'});
  const monitor = h('section', {class: 'card wide', 'aria-labelledby': 'monitor-h'});
  const control = h('section', {class: 'card wide', 'aria-labelledby': 'control-h'});
  put(main, h('div', {class: 'console'}, monitor, control, create));
  let poll = null;
  const conn = new Connection({
    state: setStatus,
    opened: async (c) => {
      try {
        await c.request({hello: {protocolVersion: 1, client: 'concert-web', hostToken: token}});
      } catch (e) {
        if (e instanceof Refusal) {
          saved.set('host', null);
          c.close();
          askToken(main, 'That host token was refused; paste the one the server printed.');
          return;
        }
        throw e;
      }
      await refreshList();
      for (const m of state.matches) follow(m.matchId);
    },
    push: (m) => {
      if (m.clock) {
        state.clocks.set(m.clock.matchId || m.matchId, m.clock);
        if ((m.clock.matchId || m.matchId) === state.selected) renderControl();
      }
      if (m.chat && m.matchId) {
        list(state.chats, m.matchId).push(m.chat);
        if (m.matchId === state.selected) renderControl();
      }
      if (m.event && m.matchId) list(state.news, m.matchId).push(m.event);
      if (m.turnResult && m.matchId) list(state.news, m.matchId).push(...(m.turnResult.events || []));
    },
  });

  function follow(matchId) { // naming a match makes the host follow it: its chats and news come
    conn.request({getView: {matchId}}).catch(() => {});
  }

  async function refreshList() {
    const r = await conn.request({listMatches: {}});
    const known = new Set(state.matches.map((m) => m.matchId));
    // The server sends the most recently active first (what fits in one message); the monitor
    // keeps a steady order so that tables do not jump as students act.
    const recent = r.matchList.matches || [];
    if (!state.selected && recent.length) state.selected = recent[0].matchId;
    state.more = Number(r.matchList.more || 0);
    state.matches = recent.slice().sort((a, b) => (a.matchId < b.matchId ? -1 : a.matchId > b.matchId ? 1 : 0));
    for (const m of state.matches) {
      if (!known.has(m.matchId)) follow(m.matchId);
      if (!state.scenarios.has(m.scenarioId)) {
        state.scenarios.set(m.scenarioId, await publicJson(`scenario/${m.scenarioId}.json`));
      }
    }
    renderMonitor();
    renderControl();
  }
  poll = setInterval(() => refreshList().catch(() => {}), 2000);

  function renderMonitor() {
    const groups = new Map();
    for (const m of state.matches) list(groups, m.worldGroup || m.matchId).push(m);
    put(monitor, h('h2', {id: 'monitor-h'}, 'Every seat'),
      state.matches.length ? [...groups.values()].map((worlds) => h('div', {class: 'worlds'},
        worlds.map((m) => seatTable(m))))
        : h('p', {}, 'No games yet: create one below.'),
      state.more ? h('p', {class: 'hint'}, `${state.more} older game${state.more === 1 ? '' : 's'}`
        + ' not shown: the list holds the most recently active ones. End the games you no longer'
        + ' need.') : null);
  }

  function seatTable(m) {
    const n = namer(state.scenarios.get(m.scenarioId) || {});
    const pick = h('button', {type: 'button', class: m.matchId === state.selected ? 'primary' : '',
      'aria-pressed': String(m.matchId === state.selected), onclick: () => {
        state.selected = m.matchId;
        renderMonitor();
        renderControl();
        control.focus();
      }}, 'Steer');
    return h('table', {class: 'monitor'},
      h('caption', {}, `${m.title || m.scenarioId} · code ${m.code} · ${enumWords(m.phase, 'MATCH_PHASE_')}`
        + `${m.turn ? ` · turn ${m.turn}` : ''} `, pick),
      h('thead', {}, h('tr', {}, ['Power', 'Who', 'Connected', 'Orders', 'Ready', 'Idle']
        .map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, (m.seats || []).map((s) => h('tr', {class: seatClass(s)},
        h('th', {scope: 'row'}, n(s.power)),
        h('td', {}, s.bot ? `bot: ${s.bot}` : (s.players || []).join(', ')
          || (s.keptForBot ? 'kept for a bot program' : 'free')),
        h('td', {}, s.bot ? '—' : s.connected ? 'yes' : 'no'),
        h('td', {}, s.submitted ? 'given' : '—'),
        h('td', {}, s.ready ? 'ready' : '—'),
        h('td', {}, s.bot || !(s.players || []).length ? '' : `${s.idleSeconds || 0} s`)))));
  }

  let built = ''; // the match whose forms are on the page: they keep what is typed into them
  let dynamic = null;
  function renderControl() {
    const m = state.matches.find((x) => x.matchId === state.selected);
    if (!m) {
      built = '';
      put(control, h('h2', {id: 'control-h'}, 'Steer a game'), h('p', {}, 'Choose a game above.'));
      return;
    }
    const scenario = state.scenarios.get(m.scenarioId) || {};
    const n = namer(scenario);
    const act = (kind, value, done) => conn.request({hostAction: {matchId: m.matchId, [kind]: value}})
      .then(() => {
        toast(done);
        return refreshList();
      }).catch((e) => toast(e.message));
    if (built !== m.matchId) {
      built = m.matchId;
      const botChoice = select(BOTS.map((b) => [b, b]), 'balancer', {});
      // Which seats: every empty one, or one power (also a seat whose player dropped out).
      const fillChoice = select([['', 'every empty seat'],
        ...(m.seats || []).map((s) => [s.power, n(s.power)])], '', {});
      const seatChoice = select((m.seats || []).map((s) => [s.power, n(s.power)]), m.seats?.[0]?.power, {});
      const newName = h('input', {type: 'text', maxlength: 40});
      const announce = h('input', {type: 'text', maxlength: 2000});
      const inject = h('input', {type: 'text', maxlength: 2000});
      dynamic = {join: joinLine(m.code), buttons: h('div', {class: 'actions'}), log: h('div', {}), news: h('div', {}),
        phase: h('p', {class: 'hint', 'aria-live': 'polite'})};
      put(control,
        h('h2', {id: 'control-h', tabindex: '-1'}, `Steer: ${m.title || scenario.name} (code ${m.code})`),
        dynamic.join,
        dynamic.phase, dynamic.buttons,
        h('p', {class: 'hint'}, 'A turn ends when its time is up, or as soon as every power is ready'
        + ' while auto-advance is on.'),
        h('div', {class: 'grid'},
          h('form', {class: 'inline', onsubmit: (e) => {
            e.preventDefault();
            const one = fillChoice.value;
            act('fillWithBots', one ? {bot: botChoice.value, powers: [one]} : {bot: botChoice.value},
              one ? `${n(one)} is played by a bot now.` : 'Empty seats filled with bots.');
          }}, field('Give to a bot', fillChoice), field('namely', botChoice),
          h('button', {type: 'submit'}, 'Fill seats')),
          h('form', {class: 'inline', onsubmit: (e) => {
            e.preventDefault();
            act('reassign', {power: seatChoice.value, displayName: newName.value.trim()},
              'Seat reassigned: the old tokens stop working.').then(() => {
              newName.value = '';
            });
          }}, field('Reassign the seat of', seatChoice), field('to (name; empty frees it)', newName),
          h('button', {type: 'submit'}, 'Reassign')),
          h('form', {class: 'inline', onsubmit: (e) => {
            e.preventDefault();
            if (!announce.value.trim()) return;
            act('announce', announce.value.trim(), 'Announced.').then(() => {
              announce.value = '';
            });
          }}, field('Announce to everyone', announce), h('button', {type: 'submit'}, 'Announce')),
          h('form', {class: 'inline', onsubmit: (e) => {
            e.preventDefault();
            if (!inject.value.trim()) return;
            act('injectEvent', inject.value.trim(), 'The news is out.').then(() => {
              inject.value = '';
            });
          }}, field('Inject a story event', inject), h('button', {type: 'submit'}, 'Inject'))),
        h('div', {class: 'grid'}, dynamic.log, dynamic.news));
    }
    const empty = {};
    const lobby = m.phase === 'MATCH_PHASE_LOBBY';
    const paused = m.phase === 'MATCH_PHASE_PAUSED';
    const over = m.phase === 'MATCH_PHASE_FINISHED';
    dynamic.phase.textContent = `Now: ${enumWords(m.phase, 'MATCH_PHASE_')}${m.turn ? `, turn ${m.turn}` : ''}.`;
    const buttons = [
      lobby ? ['Start', 'primary', () => act('start', empty, 'Started.')] : null,
      !lobby && !over && !paused ? ['Pause', '', () => act('pause', empty, 'Paused.')] : null,
      paused ? ['Resume', 'primary', () => act('resume', empty, 'Resumed.')] : null,
      !lobby && !over ? ['Add 5 minutes', '', () => act('extendMinutes', 5, 'Five more minutes.')] : null,
      !lobby && !over && !paused ? ['End the turn now', '', () => act('endPhase', empty, 'The turn resolves now.')] : null,
      !over ? (state.clocks.get(m.matchId)?.waitsForHost
        ? ['Auto-advance: off', 'toggle', () => act('autoAdvance', true,
          'Turns end again as soon as every power is ready.'), 'false']
        : ['Auto-advance: on', 'toggle', () => act('autoAdvance', false,
          'Turns now wait for you (or their deadline), even when everyone is ready.'), 'true']) : null,
      ['Export for grading', '', () => exportZip(token, m)],
      !over ? ['End the match', 'danger', () => {
        if (confirm('End this match for everyone now?')) act('endMatch', empty, 'The match is over.');
      }] : null,
    ].filter(Boolean);
    const key = buttons.map((b) => b[0]).join('|');
    if (dynamic.buttons.dataset.key !== key) { // redraw only when the choices change
      dynamic.buttons.dataset.key = key;
      put(dynamic.buttons, buttons.map(([label, cls, go, pressed]) => h('button',
        {type: 'button', class: cls, onclick: go, 'aria-pressed': pressed}, label)),
        h('a', {class: 'button', href: `#/projector/${m.code}`, target: '_blank', rel: 'noopener'}, 'Projector'),
        h('a', {class: 'button', href: `#/debrief/${m.matchId}`}, 'Debrief'));
    }
    const chats = state.chats.get(m.matchId) || [];
    const news = (state.news.get(m.matchId) || []).map((e) => explain(e, n)).filter(Boolean);
    put(dynamic.log, h('h3', {}, `Every message (${chats.length})`),
      chats.length ? h('ol', {class: 'chatlog'}, chats.slice(-200).map((c) => h('li', {},
        h('span', {class: 'from'}, `${c.from ? n(c.from) : 'Host'}${c.author ? ` (${c.author})` : ''}`),
        h('span', {class: 'where'}, ` → ${c.channel === 'CHAT_CHANNEL_PUBLIC' ? 'everyone'
          : (c.to || []).map(n).join(', ')}`), h('p', {}, c.text || ''))))
        : h('p', {}, 'No messages yet.'));
    put(dynamic.news, h('h3', {}, 'What happened'),
      news.length ? h('ol', {class: 'feed'}, news.slice(-120).reverse().map((t) => h('li', {}, t)))
        : h('p', {}, 'Nothing yet.'));
  }

  createForm(create, conn, async (made) => {
    await refreshList();
    state.selected = made[0].matchId;
    for (const m of made) follow(m.matchId);
    renderMonitor();
    renderControl();
  });
  return () => {
    clearInterval(poll);
    conn.close();
  };
}

/**
 * "Students join at <link>": this page's address until the server's answer says which one
 * students can open (see joinAddress), then that one, with a word when there is none.
 */
function joinLine(code) {
  const line = h('p', {class: 'joinline'});
  const show = (url, note) => put(line, 'Students join at ',
    h('a', {href: `${url}/#/join/${code}`, target: '_blank', rel: 'noopener'}, `${url}/#/join/${code}`),
    ' — or with the code on the front page.', note ? h('span', {class: 'hint'}, ` ${note}`) : null);
  show(location.origin);
  joinAddress().then((w) => show(w.url, w.reachable ? ''
    : 'Only this computer can open this address; the projector says what to do.'));
  return line;
}

function seatClass(s) {
  if (s.bot) return 'bot';
  if (!(s.players || []).length) return 'free';
  if (!s.connected) return 'away';
  return s.ready ? 'ready' : '';
}

function list(map, key) {
  if (!map.has(key)) map.set(key, []);
  return map.get(key);
}

function askToken(main, problem) {
  const input = h('input', {type: 'password', autocomplete: 'off', required: true});
  const form = h('form', {class: 'card narrow', novalidate: true},
    h('h1', {}, 'Host a class game'),
    h('p', {}, '`concert serve` printed a host token when it started. Paste it here; this browser keeps it.'),
    field('Host token', input), h('button', {type: 'submit', class: 'primary'}, 'Open the console'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const t = input.value.trim();
    if (!t) {
      fieldError(input, 'Paste the host token.');
      return;
    }
    saved.set('host', t);
    location.hash = '#/host';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
  put(main, form);
  if (problem) fieldError(input, problem);
  input.focus();
}

async function exportZip(token, m) {
  try {
    const r = await fetch(`/download/export/${m.matchId}.zip`, {headers: {Authorization: `Bearer ${token}`}});
    if (!r.ok) throw new Error(await r.text());
    saveBlob(await r.blob(), `${m.matchId}.zip`);
    toast('Export saved: orders, messages, treaties, events and a transcript per student.');
  } catch (e) {
    toast(`The export failed: ${e.message}`);
  }
}

/** The new-game form: scenario, title, worlds, time, press, and the rules knobs explained. */
async function createForm(box, conn, created) {
  const [scenarios, knobs] = await Promise.all([publicJson('scenarios.json'), publicJson('rules.json')]);
  const scenario = select(scenarios.map((s) => [s.id, `${s.name} (${(s.powers || []).length} powers)`]),
    'vienna-1815', {});
  const about = h('p', {class: 'hint'});
  // Seats kept for bot programs: people cannot take them; `concert bot` with a bot token can.
  const botSeats = h('div', {class: 'checks'});
  const syncAbout = () => {
    const chosen = scenarios.find((s) => s.id === scenario.value);
    about.textContent = chosen?.description || '';
    put(botSeats, (chosen?.powers || []).map((p) => {
      const box = h('input', {type: 'checkbox', id: uid('botseat'), value: p.id, 'data-bot-seat': ''});
      return h('label', {for: box.id, class: 'check'}, box, ` ${p.name || p.id} `);
    }));
  };
  scenario.addEventListener('change', syncAbout);
  syncAbout();
  const title = h('input', {type: 'text', maxlength: 80, placeholder: 'e.g. Seminar 3'});
  const worlds = h('input', {type: 'number', min: 1, max: 20, value: 1});
  const minutes = h('input', {type: 'number', min: 0, max: 1440, value: 10});
  const press = select(MATCH_OPTIONS.press, 'PRESS_FULL', {});
  const missed = select(MATCH_OPTIONS.missedOrders, 'MISSED_ORDERS_HOLD', {});
  const sight = select(MATCH_OPTIONS.observerSight, 'OBSERVER_SIGHT_PUBLIC', {});
  const autoStart = h('input', {type: 'checkbox', id: uid('auto')});
  const controls = new Map();
  const teaching = [];
  const more = [];
  for (const k of knobs) {
    const control = k.values
      ? select([['', `the scenario’s (rulebook: ${enumWords(k.rulebook, prefixOf(k.values))})`],
        ...k.values.map((v) => [v, enumWords(v, prefixOf(k.values))])], '', {})
      : h('input', {type: 'number', min: k.min ?? 0, max: k.max ?? 100000,
        placeholder: String(k.rulebook), 'aria-description': 'empty: the scenario’s value'});
    controls.set(k.name, control);
    const [label, idea] = TEACHING[k.name] || [words(k.name), k.min !== undefined
      ? `From ${k.min} to ${k.max}; the rulebook says ${k.rulebook}.` : `The rulebook says ${k.rulebook}.`];
    (TEACHING[k.name] ? teaching : more).push(field(label, control,
      k.values ? idea : `${idea} Empty: the scenario’s value.`));
  }
  const status = h('p', {class: 'error', hidden: true});
  const form = h('form', {class: 'create', novalidate: true},
    h('h2', {id: 'create-h'}, 'New game'),
    field('Scenario', scenario), about,
    field('Title', title, 'What students see in the lobby.'),
    field('Parallel worlds', worlds, 'For a large class: each world is the same game with its own code.'),
    field('Minutes per turn (0: no limit)', minutes),
    field('Chat', press), field('Missed orders', missed), field('Observers', sight),
    h('label', {for: autoStart.id, class: 'check'}, autoStart, ' Start as soon as every seat is taken'),
    h('details', {}, h('summary', {}, 'Seats for bot programs'),
      h('p', {class: 'hint'}, 'Kept for a program that connects with a bot token (concert bot):'
        + ' students cannot take them, and filling empty seats with built-in bots leaves them.'),
      botSeats),
    h('fieldset', {}, h('legend', {}, 'Teaching knobs'), teaching),
    h('details', {}, h('summary', {}, 'Every other rule'), h('div', {class: 'grid'}, more)),
    status, h('button', {type: 'submit', class: 'primary'}, 'Create'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.hidden = true;
    for (const c of form.querySelectorAll('[aria-invalid]')) fieldError(c, '');
    const rules = {};
    for (const [name, c] of controls) {
      if (c.value !== '') rules[name] = c.tagName === 'SELECT' ? c.value : Number(c.value);
    }
    const config = {scenarioId: scenario.value, title: title.value.trim(), rules,
      turnSeconds: Math.round(Number(minutes.value || 0) * 60), press: press.value,
      missedOrders: missed.value, observerSight: sight.value, autoStart: autoStart.checked,
      botSeats: [...botSeats.querySelectorAll('input:checked')].map((b) => b.value)};
    try {
      const r = await conn.request({createMatch: {config, worlds: Number(worlds.value || 1)}});
      const made = r.matchCreated.matches || [];
      toast(`Created ${made.length === 1 ? `game ${made[0].code}` : `${made.length} worlds`}.`);
      await created(made);
    } catch (err) {
      status.textContent = err.message;
      status.hidden = false;
      for (const p of (err.problems || [])) {
        const knob = (p.field || '').split('.').pop();
        const c = controls.get(camel(knob));
        if (c) fieldError(c, p.message);
      }
      if (err.field === 'create_match.worlds') fieldError(worlds, err.message);
    }
  });
  put(box, form);
}

function prefixOf(values) {
  const first = values[0] || '';
  const parts = first.split('_');
  for (let k = parts.length - 1; k > 0; k--) {
    const prefix = `${parts.slice(0, k).join('_')}_`;
    if (values.every((v) => v.startsWith(prefix))) return prefix;
  }
  return '';
}

function words(name) {
  const w = name.replace(/([A-Z])/g, ' $1').toLowerCase();
  return w.charAt(0).toUpperCase() + w.slice(1);
}

function camel(snake) {
  return snake.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
}

