/**
 * The volunteer's surface, `/v1/field/*`: exchange an invitation for a token,
 * then, with that token only, read the list's script and one's own slice,
 * take a slice, reveal one person at a time, record results. Nothing here
 * returns more than the volunteer's open slice: no list, no search, no
 * counts beyond their own progress and the list's overall percentage.
 */
import { validateAction } from '@tract/sdk/schema';
import type { Context, Hono } from 'hono';
import { submitAction } from '../actions/submit.js';
import type { RelayContext } from '../context.js';
import { applyFieldResult, resultTarget } from '../field/results.js';
import { flagVolunteer, type InTransaction, reveal } from '../field/reveals.js';
import { closeSlice, type FieldList, openSlice, sliceMembers, takeSlice } from '../field/slices.js';
import { fieldText, waitText } from '../field/texts.js';
import { acceptInvitation, volunteerSession } from '../field/volunteers.js';
import { rateLimitKey } from '../http/client-address.js';
import { HttpError } from '../http/errors.js';
import { type Locale, localeOf } from '../http/messages.js';
import { chargeOrRefuse } from '../http/rate-limit.js';
import { readJsonObject, requireJson } from '../http/request.js';
import type { ClientAddress } from './public.js';

interface Volunteer {
  session: { tokenId: string; name: string };
  list: FieldList;
}

const REF = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function fieldRoutes(app: Hono, ctx: RelayContext, clientAddress: ClientAddress): void {
  const locale = (c: Context): Locale => localeOf(c.req.header('accept-language'));
  const retentionEnd = () => new Date(ctx.config.retention.campaignEndsAt);
  /** Field writes join the relay's group commit: concurrent volunteers share one transaction and one flush to disk. */
  const inTransaction: InTransaction = (work) => ctx.queue.run((trx) => work(trx));
  const refusal = (status: 409 | 404 | 410 | 403, c: Context, rule: Parameters<typeof fieldText>[0], path = '') =>
    new HttpError(status, status === 409 || status === 410 ? 'rule_violation' : status === 403 ? 'forbidden' : 'not_found', {
      rule,
      issues: [{ path, code: 'invalid_input', message: fieldText(rule, locale(c)) }],
    });

  /** The volunteer behind the request's token, with their list; 401 without a live token, 403 for any other role. */
  const volunteerOf = async (c: Context): Promise<Volunteer> => {
    c.header('Cache-Control', 'no-store');
    const found = await volunteerSession(ctx.db, c.req.header('authorization'), ctx.now());
    if (found.kind === 'other_role') throw refusal(403, c, 'volunteer_only');
    if (found.kind === 'none') throw new HttpError(401, 'unauthorized');
    return { session: { tokenId: found.tokenId, name: found.name }, list: found.list };
  };

  app.post('/v1/field/invitations/accept', async (c) => {
    c.header('Cache-Control', 'no-store');
    await chargeOrRefuse(ctx.limits.perIp, rateLimitKey(clientAddress(c)), 1, ctx.config.rateLimits.perIp);
    requireJson(c);
    const body = await readJsonObject(c, ctx.config.bodyTimeoutMs);
    const invitation = typeof body.invitation === 'string' && body.invitation.length <= 200 ? body.invitation : undefined;
    const accepted = invitation ? await acceptInvitation(ctx.db, invitation, ctx.now()) : undefined;
    if (!accepted) throw refusal(404, c, 'invitation_invalid', 'invitation');
    return c.json({ token: accepted.token, expiresAt: accepted.expiresAt, name: accepted.name }, 201);
  });

  /** The list's script and questions, the volunteer's open slice (if any) and progress. */
  app.get('/v1/field/assignment', async (c) => {
    const { session, list } = await volunteerOf(c);
    const now = ctx.now();
    const slice = await openSlice(ctx.db, session.tokenId, now);
    const mine = await ctx.db
      .selectFrom('field_members')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('token_id', '=', session.tokenId)
      .where('state', '!=', 'pool')
      .executeTakeFirstOrThrow();
    const reached = await ctx.db
      .selectFrom('field_members')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('list_id', '=', list.id)
      .where('state', '!=', 'pool')
      .executeTakeFirstOrThrow();
    return c.json({
      volunteer: { name: session.name },
      list: {
        kind: list.kind,
        name: list.name,
        script: JSON.parse(list.script) as unknown,
        questions: JSON.parse(list.questions) as unknown,
        sliceSize: list.slice_size,
        progressPercent: list.size === 0 ? 100 : Math.floor((Number(reached.count) * 100) / list.size),
      },
      slice: slice ? { reservedUntil: slice.reservedUntil, people: await sliceMembers(ctx.db, slice.id) } : null,
      progress: { done: Number(mine.count) },
    });
  });

  app.post('/v1/field/slices', async (c) => {
    const { session, list } = await volunteerOf(c);
    const taken = await takeSlice(inTransaction, list, session.tokenId, ctx.now(), retentionEnd());
    if (taken.kind === 'already_open') throw refusal(409, c, 'slice_open');
    if (taken.kind === 'empty') throw refusal(409, c, 'list_done');
    return c.json({ reservedUntil: taken.slice.reservedUntil, people: await sliceMembers(ctx.db, taken.slice.id) }, 201);
  });

  app.post('/v1/field/slices/current/close', async (c) => {
    const { session } = await volunteerOf(c);
    if (!(await closeSlice(ctx.db, session.tokenId, ctx.now()))) throw refusal(409, c, 'no_slice');
    return c.json({ closed: true });
  });

  app.post('/v1/field/reveals', async (c) => {
    const { session, list } = await volunteerOf(c);
    requireJson(c);
    const body = await readJsonObject(c, ctx.config.bodyTimeoutMs);
    const ref = typeof body.ref === 'string' && REF.test(body.ref) ? body.ref.toLowerCase() : undefined;
    if (!ref) throw refusal(404, c, 'not_revealed', 'ref');
    const now = ctx.now();
    const outcome = await reveal(inTransaction, list, session, ref, now, retentionEnd());
    switch (outcome.kind) {
      case 'no_slice':
        throw refusal(409, c, 'no_slice');
      case 'not_found':
        throw new HttpError(404, 'not_found');
      case 'already_revealed':
        throw refusal(409, c, 'already_revealed', 'ref');
      case 'gone':
        throw refusal(410, c, 'gone', 'ref');
      case 'too_fast': {
        await flagVolunteer(ctx.db, session.tokenId, now);
        const wait = waitText(outcome.retryAfterSeconds);
        const message =
          outcome.limit === 'hour'
            ? fieldText('pace_hour', locale(c), { limit: list.reveals_per_hour, wait })
            : fieldText('pace_average', locale(c), { seconds: list.reveal_min_average_seconds, wait });
        ctx.log(JSON.stringify({ time: now.toISOString(), event: 'field_pace_exceeded', tokenId: session.tokenId, limit: outcome.limit }));
        throw new HttpError(429, 'rate_limited', {
          rule: outcome.limit === 'hour' ? 'reveals_per_hour' : 'reveal_average_pace',
          retryAfter: outcome.retryAfterSeconds,
          issues: [{ path: 'ref', code: 'invalid_input', message }],
        });
      }
      case 'revealed':
        return c.json({
          ref,
          ...(outcome.phone ? { phone: outcome.phone } : {}),
          ...(outcome.address ? { address: outcome.address } : {}),
        });
    }
  });

  app.post('/v1/field/results', async (c) => {
    const { session } = await volunteerOf(c);
    requireJson(c);
    const body = await readJsonObject(c, ctx.config.bodyTimeoutMs);
    const validated = validateAction('field_result', body, locale(c));
    if (!validated.ok) throw new HttpError(400, 'invalid_input', { issues: validated.issues });
    const target = await resultTarget(ctx.db, session.tokenId, validated.data.ref);
    if (!target) throw refusal(404, c, 'not_revealed', 'ref');
    if (!target.email_hash) throw refusal(410, c, 'gone', 'ref');
    const result = await submitAction(ctx, {
      kind: 'field_result',
      route: `${c.req.method} ${c.req.path}`,
      idempotencyKey: c.req.header('idempotency-key'),
      body,
      origin: c.req.header('origin') ?? null,
      locale: locale(c),
      client: rateLimitKey(clientAddress(c)),
      tokenId: session.tokenId,
      personEmailHash: target.email_hash,
    });
    // Applied on a replay too: a result stored just before a crash gets its effects when the phone retries.
    await applyFieldResult(inTransaction, target, validated.data, ctx.now(), retentionEnd());
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.body, result.status as 202);
  });
}
