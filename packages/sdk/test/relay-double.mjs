/**
 * A stand-in relay for the Chromium tests, mounted in web-test-runner's dev
 * server: `/relay/<namespace>/v1/...` accepts posts the way the relay does
 * (202, the Idempotency-Key as id) and records each one; the test page tells
 * it to be down (connections are dropped, as when the network is gone) or
 * slow through `/relay/<namespace>/__control`, and reads what arrived from
 * `/relay/<namespace>/__deliveries`. Namespaces keep test cases apart.
 */
const namespaces = new Map();

function stateOf(namespace) {
  if (!namespaces.has(namespace)) namespaces.set(namespace, { down: false, delayMs: 0, deliveries: [] });
  return namespaces.get(namespace);
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** Koa middleware for web-test-runner's `middleware` option. */
export function relayDouble() {
  return async (ctx, next) => {
    const match = /^\/relay\/([\w-]+)(\/.*)$/.exec(ctx.path);
    if (!match) return next();
    const [, namespace, route] = match;
    const state = stateOf(namespace);
    if (route === '/__control' && ctx.method === 'POST') {
      Object.assign(state, await readJson(ctx.req));
      ctx.status = 204;
      return;
    }
    if (route === '/__deliveries') {
      ctx.body = state.deliveries;
      return;
    }
    if (ctx.method !== 'POST' || !route.startsWith('/v1/')) return next();
    if (state.down) {
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    const body = await readJson(ctx.req);
    if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    const key = ctx.get('idempotency-key');
    state.deliveries.push({ key, path: route, body });
    ctx.status = 202;
    ctx.body = { id: key, status: 'accepted' };
  };
}
