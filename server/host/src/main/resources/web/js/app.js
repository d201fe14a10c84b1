// The web client's entry: routes by the address's hash, one page at a time.
//   #/                 join with a code, or host
//   #/join/CODE        the seats of a game, a name, the seat
//   #/play             the seat this browser holds (a refresh or another tab resumes it)
//   #/host             the instructor's console (host token; #host=TOKEN keeps a token)
//   #/projector/CODE   the projector
//   #/debrief/MATCH    the debrief of a match (the host's token, or a seat once it is over)
//   #/ladder           the server's ladder for bot programs

import {h, put, field, fieldError} from './ui.js';
import {saved, Connection, publicJson} from './net.js';
import {joinPage, playPage} from './student.js';
import {hostPage} from './host.js';
import {projectorPage} from './projector.js';
import {ladderPage, ladderTable} from './ladder.js';

const main = document.getElementById('main');
const where = document.getElementById('where');
const link = document.getElementById('link');
let leave = () => {};

function setStatus(state, reason) {
  link.textContent = state === 'online' ? '' : state === 'connecting' ? 'Connecting…'
    : `Offline${reason ? ` (${reason})` : ''} — reconnecting`;
  link.className = `link ${state}`;
}

function setWhere(text) {
  where.textContent = text;
}

function route() {
  // The host link `concert serve` prints: keep the token, then take it out of the address.
  const link = location.hash.match(/^#host=([A-Za-z0-9_-]+)$/);
  if (link) {
    saved.set('host', link[1]);
    history.replaceState(null, '', '#/host');
  }
  leave();
  leave = () => {};
  setWhere('');
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  const [page, arg] = parts;
  if (page === 'join' && arg) leave = joinPage(main, arg.toUpperCase(), setStatus);
  else if (page === 'play') leave = playPage(main, setStatus, setWhere);
  else if (page === 'host') leave = hostPage(main, setStatus, setWhere);
  else if (page === 'projector' && arg) leave = projectorPage(main, arg.toUpperCase(), setStatus, setWhere);
  else if (page === 'debrief' && arg) leave = debriefPage(arg);
  else if (page === 'ladder') leave = ladderPage(main, setWhere);
  else home();
  main.focus({preventScroll: true});
}

function home() {
  const code = h('input', {type: 'text', inputmode: 'text', autocapitalize: 'characters',
    autocomplete: 'off', maxlength: 8, required: true, class: 'codefield'});
  const seat = saved.get('seat');
  const bots = h('section', {class: 'card narrow', hidden: true}); // when the server runs a ladder
  const form = h('form', {class: 'card narrow', novalidate: true},
    h('h1', {}, 'Join a game'),
    field('Game code', code, 'The five letters your instructor shows.'),
    h('button', {type: 'submit', class: 'primary'}, 'Join'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const c = code.value.trim().toUpperCase();
    if (!/^[A-Z0-9]{4,8}$/.test(c)) {
      fieldError(code, 'A code is four to eight letters and digits, e.g. K7QPM.');
      code.focus();
      return;
    }
    location.hash = `#/join/${c}`;
  });
  put(main, h('div', {class: 'home'},
    seat ? h('section', {class: 'card narrow'}, h('h2', {}, 'Your seat'),
      h('p', {}, `You hold a seat in game ${seat.code} as ${seat.name}.`),
      h('a', {class: 'button primary', href: '#/play'}, 'Back to the game')) : null,
    form,
    h('section', {class: 'card narrow'}, h('h2', {}, 'Instructors'),
      h('p', {}, 'Create games, watch every seat, steer the clock, put the code on the projector.'),
      h('a', {class: 'button', href: '#/host'}, 'Host a class game')),
    bots,
    h('p', {class: 'about'}, 'Concert: great powers negotiate alliances, arm or disarm, and keep or break '
      + 'their word — the security dilemma, the arms race and the balance of power, played.')));
  ladderTable().then((t) => {
    if (t) {
      put(bots, h('h2', {}, 'Bot authors'), h('p', {}, `This server runs a ladder on ${t.scenario}:`
        + ` ${t.games} games rated so far.`), h('a', {class: 'button', href: '#/ladder'}, 'See the ladder'));
      bots.hidden = false;
    }
  }).catch(() => {});
}

/** The debrief: for the host at any time, for a seat once the match is over. */
function debriefPage(matchId) {
  const host = saved.get('host');
  const seat = saved.get('seat');
  const box = h('div', {class: 'debrief'});
  put(main, h('h1', {}, 'Debrief'), box);
  const conn = new Connection({
    state: setStatus,
    opened: async (c) => {
      const hello = host ? {hostToken: host} : seat ? {seatToken: seat.token} : {};
      await c.request({hello: {protocolVersion: 1, client: 'concert-web', ...hello}});
      try {
        const view = (await c.request({getView: {matchId}})).view;
        const r = await c.request({getDebrief: {matchId}});
        const scenario = await publicJson(`scenario/${view.scenarioId}.json`);
        const {renderDebrief} = await import('./debrief.js');
        renderDebrief(box, r.debrief || {}, scenario.powers || []);
      } catch (e) {
        put(box, h('p', {}, e.message));
      }
    },
  });
  return () => conn.close();
}

window.addEventListener('hashchange', route);
route();
