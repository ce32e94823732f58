/** The ceiling: a Hono handler on @hono/node-server that answers 202 and does nothing else. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/v1/signups', async (c) => {
  await c.req.text();
  return c.json({ id: c.req.header('idempotency-key'), status: 'accepted' }, 202);
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: `http://127.0.0.1:${info.port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
