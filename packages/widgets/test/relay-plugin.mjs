/**
 * A test relay for the component tests: the subset of PROTOCOL.md the widgets
 * use, served by the web-test-runner dev server on the same origin as the
 * test page. Challenges are real ALTCHA v2 challenges (low cost) verified with
 * altcha-lib, so the worker's solutions are checked for real. Test pages read
 * what was recorded, and switch the network off, through wtr commands.
 *
 * Beside it, relays that fail a page: under `/refusing-relay/<name>`, one
 * whose `origins` do not list the page (every `/v1/` request answers 403
 * `origin_not_allowed`, as the real relay does); and, from the
 * `dead-relay-url` command, an address where a server takes connections and
 * drops them without answering.
 */
import { createServer } from 'node:net';
import { createChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

const SECRET = 'widgets-test-relay';

const PETITIONS = {
  'demo-petition': {
    id: 'demo-petition',
    title: { fr: 'Sauvons la ligne 12', en: 'Save bus line 12' },
    description: { fr: 'Pour un bus toutes les 10 minutes.', en: 'For a bus every 10 minutes.' },
    goal: 1000,
    signatureCount: 420,
    open: true,
  },
};
const EVENTS = {
  'demo-event': {
    id: 'demo-event',
    title: { fr: 'Réunion publique', en: 'Public meeting' },
    description: { fr: 'Venez débattre du projet.', en: 'Come and discuss the project.' },
    startsAt: '2026-12-12T18:00:00Z',
    endsAt: '2026-12-12T20:00:00Z',
    timeZone: 'Europe/Paris',
    place: { name: { fr: 'Salle des fêtes', en: 'Village hall' }, address: '1 place de la Mairie, Lyon' },
    capacity: 120,
    remaining: 37,
    maxGuests: 4,
    open: true,
  },
  'full-event': {
    id: 'full-event',
    title: 'Atelier complet',
    description: 'Plus de place.',
    startsAt: '2026-12-13T09:00:00Z',
    endsAt: null,
    timeZone: 'Europe/Paris',
    place: null,
    capacity: 10,
    remaining: 0,
    maxGuests: 0,
    open: true,
  },
};

async function readBody(ctx) {
  let text = '';
  for await (const chunk of ctx.req) text += chunk;
  return text;
}

function error(ctx, status, code, message, extra = {}) {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify({ error: { code, message, ...extra } });
}

/** The relay state shared by the middleware and the commands. */
export function createTestRelay() {
  /** Accepted actions, in order: `{ path, key, body, bot, challengeForm }`. */
  const submissions = [];
  const answers = new Map();
  const spent = new Set();
  /** The `form` each challenge was asked for, by signature. */
  const challengeForms = new Map();

  /** Spends a solved challenge; resolves with the form it was asked for, or undefined when it does not verify. */
  async function spendChallenge(payload) {
    if (typeof payload !== 'string') return undefined;
    let decoded;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    } catch {
      return undefined;
    }
    const signature = decoded?.challenge?.signature;
    if (!signature || spent.has(signature)) return undefined;
    const result = await verifySolution({
      challenge: decoded.challenge,
      solution: decoded.solution,
      deriveKey,
      hmacSignatureSecret: SECRET,
    });
    if (!result.verified) return undefined;
    spent.add(signature);
    return challengeForms.get(signature) ?? null;
  }

  async function post(ctx, kind) {
    if (!/^application\/json(;\s*charset=utf-8)?$/i.test(ctx.get('content-type')))
      return error(ctx, 415, 'unsupported_media_type', 'JSON only');
    const key = ctx.get('idempotency-key');
    if (!/^[0-9a-f-]{36}$/i.test(key)) return error(ctx, 400, 'missing_idempotency_key', 'Idempotency-Key required');
    const body = JSON.parse(await readBody(ctx));
    if (answers.has(key)) {
      ctx.status = 202;
      ctx.set('Idempotent-Replayed', 'true');
      ctx.type = 'application/json';
      ctx.body = answers.get(key);
      return;
    }
    const { bot, ...data } = body;
    const challengeForm = await spendChallenge(bot?.challenge);
    if (challengeForm === undefined) return error(ctx, 403, 'challenge_failed', 'Proof of work missing or spent');
    if (data.person?.email === 'taken@example.org') {
      const fr = (ctx.get('accept-language') ?? '').startsWith('fr');
      return error(ctx, 400, 'invalid_input', 'invalid', {
        issues: [{ path: 'person.email', code: 'invalid_email', message: fr ? 'Adresse refusée.' : 'Address refused.' }],
      });
    }
    let status = 'accepted';
    const answer = { id: key, status };
    // As a relay does by default: signups count once the person confirms by email.
    if (kind === 'signup') Object.assign(answer, { status: 'pending', confirmation: 'email' });
    if (kind === 'donation') {
      status = 'pending';
      Object.assign(answer, { status, checkoutUrl: `${ctx.origin}/checkout?reference=${key}` });
    }
    if (kind === 'rsvp' && ctx.path.includes('/full-event/')) answer.status = 'waitlisted';
    submissions.push({ path: ctx.path, key, body: data, bot, challengeForm });
    answers.set(key, JSON.stringify(answer));
    ctx.status = 202;
    ctx.type = 'application/json';
    ctx.body = answers.get(key);
  }

  /** How many times each pledge status was asked. */
  const pledgeAsks = new Map();

  /** Koa middleware answering `/v1/*`, and `/refusing-relay/<name>/v1/*`. */
  async function middleware(ctx, next) {
    const path = ctx.path;
    if (/^\/refusing-relay\/[^/]+\/v1\//.test(path))
      return error(ctx, 403, 'origin_not_allowed', 'This website is not allowed to send to this relay.');
    if (!path.startsWith('/v1/')) return next();
    if (ctx.method === 'GET' && path === '/v1/challenge') {
      const challenge = await createChallenge({
        algorithm: 'PBKDF2/SHA-256',
        cost: 20,
        deriveKey,
        hmacSignatureSecret: SECRET,
        expiresAt: new Date(Date.now() + 600_000),
      });
      challengeForms.set(challenge.signature, ctx.query.form ?? null);
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(challenge);
      return;
    }
    let match = /^\/v1\/petitions\/([^/]+)$/.exec(path);
    if (ctx.method === 'GET' && match) {
      const petition = PETITIONS[match[1]];
      if (!petition) return error(ctx, 404, 'not_found', 'Unknown petition');
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({
        ...petition,
        signatureCount: petition.signatureCount + submissions.filter((s) => s.path.includes(`/${match[1]}/`)).length,
      });
      return;
    }
    match = /^\/v1\/events\/([^/]+)$/.exec(path);
    if (ctx.method === 'GET' && match) {
      const event = EVENTS[match[1]];
      if (!event) return error(ctx, 404, 'not_found', 'Unknown event');
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(event);
      return;
    }
    // A pledge's public status: the status id's first word says what it is, `pending` turns paid on the third ask.
    match = /^\/v1\/pledges\/((paid|pending|failed)[A-Za-z0-9_-]+)$/.exec(path);
    if (ctx.method === 'GET' && match) {
      const asked = (pledgeAsks.get(match[1]) ?? 0) + 1;
      pledgeAsks.set(match[1], asked);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ status: match[2] === 'pending' && asked >= 3 ? 'paid' : match[2] });
      return;
    }
    if (ctx.method !== 'POST') return error(ctx, 405, 'method_not_allowed', 'POST only');
    if (path === '/v1/signups') return post(ctx, 'signup');
    if (path === '/v1/donations') return post(ctx, 'donation');
    if (/^\/v1\/petitions\/[^/]+\/signatures$/.test(path)) return post(ctx, 'petition_signature');
    if (/^\/v1\/events\/[^/]+\/rsvps$/.test(path)) return post(ctx, 'rsvp');
    return error(ctx, 404, 'not_found', 'Unknown route');
  }

  /** wtr commands: `relay-submissions`, `set-offline`, `autofill`, `dead-relay-url`. */
  const plugin = {
    name: 'tract-test-relay-commands',
    async executeCommand({ command, payload, session }) {
      if (command === 'relay-submissions') return submissions;
      if (command === 'dead-relay-url') return deadRelayUrl();
      const page = session.browser.getPage?.(session.id);
      if (command === 'set-offline') return setOffline(page, Boolean(payload.offline));
      if (command === 'autofill') return autofill(page, payload);
      return undefined;
    },
  };

  return { middleware, plugin };
}

let deadRelay;

/** The address of a server that takes connections and closes them unanswered: a relay that is down. */
function deadRelayUrl() {
  deadRelay ??= new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.unref();
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
  return deadRelay;
}

const sessions = new WeakMap();

/**
 * Takes the relay off the network for one page: its requests to `/v1/` fail
 * in Chromium's network stack (as when the connection drops), and the page
 * sees `navigator.onLine` false with an `offline` event, then `online`. The
 * test runner's own connection stays up, which DevTools' offline mode would cut.
 */
async function setOffline(page, offline) {
  let cdp = sessions.get(page);
  if (!cdp) {
    cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    sessions.set(page, cdp);
  }
  await cdp.send('Network.setBlockedURLs', { urls: offline ? ['*/v1/*'] : [] });
  await page.evaluate((isOffline) => {
    if (isOffline) Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    else delete navigator.onLine;
    window.dispatchEvent(new Event(isOffline ? 'offline' : 'online'));
  }, offline);
  return true;
}

/**
 * Asks Chromium's own autofill (DevTools protocol `Autofill.trigger`) to fill
 * the form around a field inside a widget's shadow root, the way a person
 * picking a saved address does.
 */
async function autofill(page, { tag, field, address }) {
  const cdp = await page.createCDPSession();
  const { result } = await cdp.send('Runtime.evaluate', {
    expression: `document.querySelector(${JSON.stringify(tag)}).shadowRoot.querySelector(${JSON.stringify(field)})`,
  });
  const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId });
  const filled = new Promise((resolve) => cdp.once('Autofill.addressFormFilled', resolve));
  await cdp.send('Autofill.enable').catch(() => undefined);
  await cdp.send('Autofill.trigger', {
    fieldId: node.backendNodeId,
    address: { fields: Object.entries(address).map(([name, value]) => ({ name, value })) },
  });
  const event = await Promise.race([filled, new Promise((resolve) => setTimeout(() => resolve(undefined), 3000))]);
  await cdp.detach();
  return event?.filledFields ?? [];
}
