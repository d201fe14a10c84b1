// The projector: before the start, the join code, its QR code and how many have joined; during
// play, the map, the clock, the public congress and the public news. It watches as an observer
// and draws only what everyone may see, whatever the match lets observers see.

import {h, put, clockText} from './ui.js';
import {Connection, publicJson, joinAddress} from './net.js';
import {drawMap} from './map.js';
import {explain, namer} from './explain.js';

export function projectorPage(main, code, setStatus, setWhere) {
  let join = `${location.origin}/#/join/${code}`;
  let where = {url: location.origin, reachable: true};
  const state = {match: null, scenario: null, view: null, clock: null, skew: 0, chats: [], news: []};
  const screen = h('div', {class: 'projector'});
  put(main, screen);
  let poll = null;
  const conn = new Connection({
    state: setStatus,
    opened: async (c) => {
      await c.request({hello: {protocolVersion: 1, client: 'concert-projector'}});
      const offer = await c.request({joinMatch: {code, role: 'ROLE_OBSERVER'}});
      state.match = offer.joinOffer.match;
      state.scenario = await publicJson(`scenario/${state.match.scenarioId}.json`);
      where = await joinAddress();
      join = `${where.url}/#/join/${code}`;
      await c.request({claimSeat: {matchId: state.match.matchId, role: 'ROLE_OBSERVER',
        displayName: 'Projector', publicSight: true}}); // never anything private, whatever the match allows
      setWhere(`Projector · ${state.match.title || state.scenario.name}`);
      render();
    },
    push: (m) => {
      if (m.view) state.view = m.view;
      if (m.clock) {
        state.clock = m.clock;
        state.skew = Number(m.clock.serverEpochMs || Date.now()) - Date.now();
      }
      if (m.chat && m.chat.channel === 'CHAT_CHANNEL_PUBLIC') state.chats.push(m.chat);
      const events = m.event ? [m.event] : m.turnResult ? (m.turnResult.events || []) : [];
      for (const e of events) {
        if (e.audience && e.audience.everyone) state.news.push(e);
      }
      render();
    },
  });
  poll = setInterval(async () => {
    try {
      const r = await conn.request({listMatches: {}});
      const m = (r.matchList.matches || []).find((x) => x.code === code);
      if (m) state.match = m;
    } catch {
      // offline for a moment: the next tick tries again
    }
    render();
  }, 2000);

  /** Why students cannot open the address shown, and what the instructor can do about it. */
  function unreachable(w) {
    return w.source === 'none'
      ? 'Only this computer can open this address: the server listens on this machine alone.'
        + ' Start it without --bind 127.0.0.1 (or with --public-url) so that students can join.'
      : 'Only this computer can open this address, and the server found no network address of'
        + ' its own. Connect it to the room\'s network, or start it with --public-url.';
  }

  function render() {
    if (!state.scenario) return;
    const m = state.match;
    const n = namer(state.scenario);
    const seats = (m.seats || []);
    const taken = seats.filter((s) => s.bot || (s.players || []).length).length;
    const lobby = !state.clock || state.clock.phase === 'MATCH_PHASE_LOBBY';
    if (lobby) {
      const qr = btoa(unescape(encodeURIComponent(join))).replaceAll('+', '-').replaceAll('/', '_')
        .replace(/=+$/, '');
      put(screen, h('div', {class: 'joinboard'},
        h('div', {}, h('p', {class: 'big'}, 'Join at'), h('p', {class: 'url'}, where.url.replace(/^https?:\/\//, '')),
          where.reachable ? null : h('p', {class: 'warning', role: 'note'}, unreachable(where)),
          h('p', {class: 'big'}, 'with the code'), h('p', {class: 'code', 'aria-label': `code ${[...code].join(' ')}`}, code),
          h('p', {class: 'joined', 'aria-live': 'polite'}, `${taken} of ${seats.length} seats taken`),
          h('ul', {class: 'seatlist'}, seats.map((s) => h('li', {class: (s.players || []).length || s.bot ? 'yes' : 'no'},
            `${n(s.power)}: ${s.bot ? 'bot' : (s.players || []).join(', ')
              || (s.keptForBot ? 'a bot program' : 'free')}`)))),
        h('img', {class: 'qr', src: `/download/qr/${qr}.svg`, alt: `QR code of ${join}`})));
      return;
    }
    const mapBox = h('div', {class: 'mapbox'});
    const c = state.clock;
    const left = c.phase === 'MATCH_PHASE_PAUSED' ? 'Paused'
      : c.phase === 'MATCH_PHASE_FINISHED' ? 'The match is over'
        : c.deadlineEpochMs ? clockText(Number(c.deadlineEpochMs) - (Date.now() + state.skew)) : '';
    put(screen, h('div', {class: 'show'},
      h('div', {class: 'showtop'}, h('span', {class: 'code'}, code),
        h('span', {class: 'year'}, state.view ? `${state.view.year} · turn ${state.view.turn} of ${state.view.lastTurn}` : ''),
        h('span', {class: 'bigclock', role: 'timer'}, left)),
      mapBox,
      h('div', {class: 'public'},
        h('section', {}, h('h2', {}, 'Congress'), h('ol', {class: 'chatlog'}, state.chats.slice(-8).map((x) =>
          h('li', {}, h('span', {class: 'from'}, `${x.from ? n(x.from) : 'Host'}: `), x.text || '')))),
        h('section', {}, h('h2', {}, 'News'), h('ol', {class: 'feed'}, state.news.slice(-8).reverse()
          .map((e) => explain(e, n)).filter(Boolean).map((t) => h('li', {}, t)))))));
    drawMap(mapBox, state.scenario, publicOnly(state.view), null);
  }

  const tick = setInterval(() => {
    if (state.clock && state.clock.phase === 'MATCH_PHASE_DIPLOMACY') render();
  }, 1000);
  return () => {
    clearInterval(poll);
    clearInterval(tick);
    conn.close();
  };
}

/** What everyone sees of a view: owners, forts, public treaties and wars; no armies in fog. */
function publicOnly(view) {
  if (!view) return null;
  return {
    ...view,
    provinces: (view.provinces || []).map((p) => ({...p, stacks: p.visible === false ? [] : p.stacks})),
    treaties: (view.treaties || []).filter((t) => !t.terms?.secret || t.revealed),
  };
}
