/**
 * The public surface: write-only. Posting actions, fetching a challenge, and
 * reading the public facts of petitions and events (never a person).
 */
import type { ActionKind } from '@tract/sdk/schema';
import type { Context, Hono } from 'hono';
import { type Submission, submitAction } from '../actions/submit.js';
import { authenticate } from '../auth/tokens.js';
import { issueChallenge } from '../bot/challenge.js';
import { challengeCost, challengeForm, formKey } from '../bot/form-brake.js';
import type { RelayContext } from '../context.js';
import { rateLimitKey } from '../http/client-address.js';
import { HttpError } from '../http/errors.js';
import { localeOf } from '../http/messages.js';
import { chargeOrRefuse } from '../http/rate-limit.js';
import { readJsonObject, requireJson } from '../http/request.js';
import { eventFacts } from './facts.js';

export type ClientAddress = (c: Context) => string;

export function publicRoutes(app: Hono, ctx: RelayContext, clientAddress: ClientAddress): void {
  /** Counts a request against its client's own allowance: early, since it limits no one else. */
  const limitClient = async (c: Context) => {
    const client = rateLimitKey(clientAddress(c));
    await chargeOrRefuse(ctx.limits.perIp, client, 1, ctx.config.rateLimits.perIp);
    return client;
  };

  /**
   * The shared path of every action POST, after the route resolved its target.
   * Nothing here consumes a quota shared with other people: the per-form count
   * is taken by the pipeline once the proof of work and the body are verified.
   */
  const post = async (c: Context, kind: ActionKind, target: Submission['target'], isPublic: boolean, tokenId?: string) => {
    requireJson(c);
    const client = await limitClient(c);
    const body = await readJsonObject(c, ctx.config.bodyTimeoutMs);
    const targetId = target ? (target.field === 'petitionId' ? target.petition.id : target.event.id) : null;
    const result = await submitAction(ctx, {
      kind,
      route: `${c.req.method} ${c.req.path}`,
      target,
      idempotencyKey: c.req.header('idempotency-key'),
      body,
      origin: c.req.header('origin') ?? null,
      locale: localeOf(c.req.header('accept-language')),
      client,
      ...(isPublic ? { form: formKey(kind, targetId) } : {}),
      ...(tokenId ? { tokenId } : {}),
    });
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.body, result.status as 202);
  };

  app.get('/v1/challenge', async (c) => {
    await limitClient(c);
    const form = challengeForm(ctx, c.req.query('form'), localeOf(c.req.header('accept-language')));
    c.header('Cache-Control', 'no-store');
    // Served even when challenges are off, so clients that always solve one keep working.
    return c.json(await issueChallenge(ctx.challenge, ctx.now().getTime(), await challengeCost(ctx, form)));
  });

  app.post('/v1/signups', (c) => post(c, 'signup', undefined, true));
  app.post('/v1/donations', (c) => {
    if (!ctx.config.donations) throw new HttpError(404, 'not_found');
    return post(c, 'donation', undefined, true);
  });
  app.post('/v1/petitions/:id/signatures', (c) => {
    const petition = ctx.config.petitions.find((p) => p.id === c.req.param('id'));
    if (!petition) throw new HttpError(404, 'not_found');
    return post(c, 'petition_signature', { field: 'petitionId', petition }, true);
  });
  app.post('/v1/events/:id/rsvps', (c) => {
    const event = ctx.config.events.find((e) => e.id === c.req.param('id'));
    if (!event) throw new HttpError(404, 'not_found');
    return post(c, 'rsvp', { field: 'eventId', event }, true);
  });
  app.post('/v1/contacts', async (c) => {
    const session = await authenticate(ctx.db, c.req.header('authorization'), ctx.now());
    if (!session) throw new HttpError(401, 'unauthorized');
    if (session.role !== 'organizer' && session.role !== 'admin') throw new HttpError(403, 'forbidden');
    return post(c, 'contact', undefined, false, session.tokenId);
  });

  app.get('/v1/petitions/:id', async (c) => {
    const petition = ctx.config.petitions.find((p) => p.id === c.req.param('id'));
    if (!petition) throw new HttpError(404, 'not_found');
    c.header('Cache-Control', 'public, max-age=15');
    return c.json(await ctx.petitionFacts.get(petition));
  });
  app.get('/v1/events/:id', async (c) => {
    const event = ctx.config.events.find((e) => e.id === c.req.param('id'));
    if (!event) throw new HttpError(404, 'not_found');
    c.header('Cache-Control', 'public, max-age=15');
    return c.json(await eventFacts(ctx.db, event, ctx.now()));
  });

  app.get('/v1/session', async (c) => {
    const session = await authenticate(ctx.db, c.req.header('authorization'), ctx.now());
    if (!session) throw new HttpError(401, 'unauthorized');
    c.header('Cache-Control', 'no-store');
    return c.json({ role: session.role, name: session.name });
  });
}
