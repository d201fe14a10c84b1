// The connection to the server: one WebSocket speaking the protocol's envelopes as proto3 JSON
// (subprotocol concert.v1.json). Requests get promises; everything else is a push. When the
// connection drops it comes back by itself, and the owner says hello again with its token and
// the last event version it saw, so nothing is missed.

/** A refusal from the server: its stable code, readable message, field, and problems. */
export class Refusal extends Error {
  constructor(error) {
    super(error.message || error.code || 'refused');
    this.code = error.code || 'ERROR_CODE_UNSPECIFIED';
    this.field = error.field || '';
    this.problems = error.problems || [];
  }
}

export class Connection {
  /**
   * @param hooks.push(message)   every message that is not a reply
   * @param hooks.opened(conn)    after each (re)connect: say hello here
   * @param hooks.state(text)     'connecting', 'online' or 'offline'
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.next = 1;
    this.waiting = new Map();
    this.lastVersion = 0;
    this.closed = false;
    this.retry = 500;
    this.lastSent = Date.now();
    this.lastHeard = Date.now();
    this.keepAlive = 0; // ms; set from the server's Welcome
    this.keeper = null;
    this.connect();
  }

  /**
   * The server closes a connection that sends nothing for its idle timeout (the Welcome says
   * how long), and a student may read for minutes: send a Ping after a quarter of it without
   * sending anything. A server silent for four such intervals is gone: reconnect.
   */
  keepAliveTick() {
    if (!this.keepAlive || !this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    if (now - this.lastHeard > 4 * this.keepAlive) {
      this.ws.close(4000, 'the server stopped answering');
      return;
    }
    if (now - this.lastSent >= this.keepAlive) {
      this.request({ping: {nonce: String(now)}}).catch(() => {});
    }
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.hooks.state?.('connecting');
    const ws = new WebSocket(`${scheme}://${location.host}/ws`, 'concert.v1.json');
    this.ws = ws;
    ws.addEventListener('open', async () => {
      this.retry = 500;
      this.lastHeard = Date.now();
      this.hooks.state?.('online');
      try {
        await this.hooks.opened?.(this);
      } catch (e) {
        this.hooks.failed?.(e);
      }
    });
    ws.addEventListener('message', (e) => this.receive(JSON.parse(e.data)));
    ws.addEventListener('close', (e) => {
      for (const [, w] of this.waiting) w.reject(new Error(e.reason || 'the connection closed'));
      this.waiting.clear();
      if (this.closed) return;
      this.hooks.state?.('offline', e.reason);
      setTimeout(() => this.connect(), this.retry);
      this.retry = Math.min(this.retry * 2, 5000);
    });
  }

  receive(m) {
    this.lastHeard = Date.now();
    if (m.welcome && Number(m.welcome.idleTimeoutMs || 0) > 0 && !this.closed) {
      this.keepAlive = Math.max(250, Number(m.welcome.idleTimeoutMs) / 4);
      clearInterval(this.keeper);
      this.keeper = setInterval(() => this.keepAliveTick(), this.keepAlive / 2);
    }
    const v = Number(m.version || 0);
    if (m.matchId && v > this.lastVersion && !m.requestId) this.lastVersion = v;
    const id = m.requestId ? String(m.requestId) : '';
    const w = id && this.waiting.get(id);
    if (w) {
      this.waiting.delete(id);
      if (m.error) w.reject(new Refusal(m.error));
      else w.resolve(m);
      // A reply can carry news too (a view, a seat): let the owner see it.
      if (!m.error && !m.ack) this.hooks.push?.(m, true);
      return;
    }
    this.hooks.push?.(m, false);
  }

  /** Sends one envelope body, e.g. {chat: {...}}; resolves with the reply. */
  request(body) {
    const requestId = String(this.next++);
    return new Promise((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
        reject(new Error('not connected: the server will be back in a moment'));
        return;
      }
      this.waiting.set(requestId, {resolve, reject});
      this.ws.send(JSON.stringify({requestId, ...body}));
      this.lastSent = Date.now();
    });
  }

  close() {
    this.closed = true;
    clearInterval(this.keeper);
    this.ws?.close(1000, 'left');
  }
}

/** What a page keeps between visits: a seat, the host token. */
export const saved = {
  get(key) {
    try {
      return JSON.parse(localStorage.getItem(`concert.${key}`) || 'null');
    } catch {
      return null;
    }
  },
  set(key, value) {
    if (value === null) localStorage.removeItem(`concert.${key}`);
    else localStorage.setItem(`concert.${key}`, JSON.stringify(value));
  },
};

/** GET a public JSON file under /download/ (scenarios, rules), cached per page. */
const files = new Map();
export function publicJson(path) {
  if (!files.has(path)) {
    files.set(path, fetch(`/download/${path}`).then((r) => {
      if (!r.ok) throw new Error(`${path}: ${r.status}`);
      return r.json();
    }).catch((e) => {
      files.delete(path); // a failure is not kept: the next call tries again
      throw e;
    }));
  }
  return files.get(path);
}

/** Whether a host name is one that only this computer can reach. */
export function isLoopbackHost(hostname) {
  const name = hostname.toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || /^127\./.test(name)
    || name === '[::1]' || name === '::1';
}

/**
 * The address students join at: the one the operator gave the server, else this page's own,
 * unless only this computer can reach it (localhost), when the server's address on the local
 * network stands in. `reachable` is false when no address others can open is known.
 */
export async function joinAddress() {
  let server = {};
  try {
    server = await publicJson('server.json');
  } catch {
    // an older or unreachable server: this page's address is all there is
  }
  const local = isLoopbackHost(location.hostname);
  if (server.joinUrl && (server.source === 'configured' || local)) {
    return {url: server.joinUrl, reachable: true, source: server.source};
  }
  return {url: location.origin, reachable: !local, source: server.source || 'page'};
}
