/**
 * The path of every POST that carries an action, in the order PROTOCOL.md
 * fixes: size and JSON checks, idempotency (before the challenge, so a retry
 * with its spent challenge still gets its first answer), proof of work at the
 * form's current cost, schema validation, bot signals, campaign rules, the
 * quotas (only now: nothing unverified may consume them), then a durable group
 * commit.
 */
import { type ActionData, type ActionKind, botSignalsSchema, type FieldIssue, validateAction } from '@tract/sdk/schema';
import * as z from 'zod/mini';
import { verifyChallengePayload } from '../bot/challenge.js';
import { challengeCost, countSubmission } from '../bot/form-brake.js';
import { type ActionTarget, asksConfirmation, messageLocale } from '../confirmation/policy.js';
import type { RelayContext } from '../context.js';
import { uniqueViolation } from '../db/dialect.js';
import type { RowBuffer } from '../db/row-buffer.js';
import { HttpError } from '../http/errors.js';
import { chargeOrRefuse } from '../http/rate-limit.js';
import { type PreparedPledge, preparePledge, storePledge } from '../payments/checkout.js';
import { expiryOf, linkExpiry, unconfirmedExpiry } from './expiry.js';
import { requestHash, type StoredResponse } from './idempotency.js';
import { bufferAction, personOf, type StoredAction } from './rows.js';
import { eventIsOpen, guestsRefusal, rsvpStatus, seatsOf } from './rsvps.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;

export interface Submission {
  kind: ActionKind;
  /** The route, e.g. `POST /v1/petitions/stop-the-dump/signatures`: part of the idempotency hash. */
  route: string;
  /** Petition or event the route names. */
  target?: ActionTarget;
  idempotencyKey: string | undefined;
  /** The parsed body (an object). */
  body: Record<string, unknown>;
  origin: string | null;
  locale: string;
  /** The client's per-IP key (`rateLimitKey`). */
  client: string;
  /**
   * The public form posted to (`formKey`): public forms carry `bot` signals and
   * count against the per-form brake; organizer posts have none.
   */
  form?: string;
  /** The token that authorised the post (token routes only). */
  tokenId?: string;
  /** The keyed email hash of the person an action without a `person` is about (a field result's member). */
  personEmailHash?: string;
}

export interface SubmissionResult extends StoredResponse {
  replayed: boolean;
}

/** Checks the Idempotency-Key header: a UUID. */
export function requireIdempotencyKey(key: string | undefined): string {
  if (!key || !UUID.test(key.trim())) throw new HttpError(400, 'missing_idempotency_key');
  return key.trim().toLowerCase();
}

/** Accepts, refuses or replays one submission. Throws `HttpError` for protocol errors. */
export async function submitAction(ctx: RelayContext, submission: Submission): Promise<SubmissionResult> {
  const key = requireIdempotencyKey(submission.idempotencyKey);
  const hash = requestHash(submission.route, submission.body);
  const claim = await ctx.idempotency.check(key, hash);
  if (claim.kind === 'replay') return { ...claim.response, replayed: true };
  if (claim.kind === 'conflict') throw new HttpError(409, 'idempotency_conflict');
  let stored: StoredResponse | undefined;
  try {
    stored = await accept(ctx, submission, key, hash);
    return { ...stored, replayed: false };
  } catch (error) {
    const lost = uniqueViolation(error);
    if (!lost) throw error;
    return answerLoser(ctx, lost.constraint, key, hash);
  } finally {
    claim.release(stored);
  }
}

/**
 * Another relay on the same database committed the same key or challenge
 * first (the primary key decided, see `CommitQueue`). The same request under
 * the same key gets the winner's answer, as any retry would; anything else
 * is a conflict, and a challenge spent meanwhile is spent.
 */
async function answerLoser(ctx: RelayContext, constraint: string, key: string, hash: string): Promise<SubmissionResult> {
  if (constraint.startsWith('spent_challenges')) throw new HttpError(403, 'challenge_failed');
  const winner = await ctx.db
    .selectFrom('idempotency_records')
    .select(['request_hash', 'status_code', 'response_body'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (!winner || winner.request_hash !== hash) throw new HttpError(409, 'idempotency_conflict');
  return { status: winner.status_code, body: JSON.parse(winner.response_body) as Record<string, unknown>, replayed: true };
}

async function accept(ctx: RelayContext, submission: Submission, id: string, hash: string): Promise<StoredResponse> {
  const { bot: rawBot, ...input } = submission.body;
  const form = submission.form;
  const bot = form !== undefined ? parseBotSignals(rawBot, submission) : undefined;
  if (form === undefined && rawBot !== undefined) {
    throw new HttpError(400, 'invalid_input', { issues: [unknownField('bot', submission.locale)] });
  }
  const spent = form !== undefined && ctx.config.challenge.enabled ? await spendChallenge(ctx, bot?.challenge, form) : undefined;
  try {
    const data = validate(submission, input);
    if (bot && isBot(ctx, bot)) return decoy(submission.kind, id, asksConfirmation(ctx.config, submission.kind, submission.target));
    checkOpen(submission, ctx.now());
    checkGuests(submission, data);
    if (form !== undefined) await chargeQuotas(ctx, submission, form, data);
    return await store(ctx, submission, id, hash, data, spent);
  } finally {
    if (spent) ctx.spendingChallenges.delete(spent.signature);
  }
}

/**
 * The `bot` member of a public post. A browser's post (it carries `Origin`)
 * must say how long its form was shown: leaving `fillMs` out would skip the
 * minimum fill time. Servers posting for their users (no `Origin`) may omit it.
 */
function parseBotSignals(raw: unknown, submission: Submission) {
  const result = z.safeParse(botSignalsSchema, raw ?? {});
  if (!result.success) throw new HttpError(400, 'invalid_input', { issues: validateBotIssues(result.error.issues, submission.locale) });
  if (submission.origin !== null && result.data.fillMs === undefined) {
    const message = submission.locale.startsWith('fr')
      ? 'bot.fillMs est obligatoire depuis un navigateur : les millisecondes entre l’affichage du formulaire et son envoi.'
      : 'bot.fillMs is required from a browser: the milliseconds between the form being shown and submitted.';
    throw new HttpError(400, 'invalid_input', { issues: [{ path: 'bot.fillMs', code: 'required', message }] });
  }
  return result.data;
}

function validateBotIssues(issues: readonly z.core.$ZodIssue[], locale: string): FieldIssue[] {
  return issues.map((issue) => ({
    path: ['bot', ...issue.path.map(String)].join('.'),
    code: 'invalid_input',
    message: locale.startsWith('fr') ? 'Signaux anti-robot invalides.' : 'Invalid anti-bot signals.',
  }));
}

function unknownField(path: string, locale: string): FieldIssue {
  return { path, code: 'unknown_field', message: locale.startsWith('fr') ? 'Champ inconnu.' : 'Unknown field.' };
}

/**
 * Verifies the proof of work and reserves its signature; 403 when missing,
 * wrong, expired, spent, or cheaper than `form` asks for now (it turned hot).
 */
async function spendChallenge(ctx: RelayContext, payload: string | undefined, form: string) {
  const verified = await verifyChallengePayload(ctx.challenge, payload);
  if (!verified || verified.expiresAt <= ctx.now() || ctx.spendingChallenges.has(verified.signature)) {
    throw new HttpError(403, 'challenge_failed');
  }
  if (verified.cost < (await challengeCost(ctx, form))) throw new HttpError(403, 'challenge_failed');
  ctx.spendingChallenges.add(verified.signature);
  let spent: string | undefined;
  try {
    spent = await ctx.spentChallenges.get(verified.signature);
  } catch (error) {
    ctx.spendingChallenges.delete(verified.signature);
    throw error;
  }
  if (spent) {
    ctx.spendingChallenges.delete(verified.signature);
    throw new HttpError(403, 'challenge_failed');
  }
  return verified;
}

function validate(submission: Submission, input: Record<string, unknown>): ActionData[ActionKind] {
  const target = submission.target;
  let candidate: Record<string, unknown> = input;
  if (target) {
    const routeId = target.field === 'petitionId' ? target.petition.id : target.event.id;
    if (input[target.field] !== undefined && input[target.field] !== routeId) {
      const message = submission.locale.startsWith('fr')
        ? `Doit être « ${routeId} », l’identifiant de l’adresse.`
        : `Must be "${routeId}", the id in the address.`;
      throw new HttpError(400, 'invalid_input', { issues: [{ path: target.field, code: 'invalid_id', message }] });
    }
    candidate = { ...input, [target.field]: routeId };
  }
  const result = validateAction(submission.kind, candidate, submission.locale);
  if (!result.ok) throw new HttpError(400, 'invalid_input', { issues: result.issues });
  return result.data;
}

/** A filled honeypot or a form submitted faster than a person can type. */
function isBot(ctx: RelayContext, bot: z.infer<typeof botSignalsSchema>): boolean {
  if (bot.honeypot !== undefined && bot.honeypot.trim() !== '') return true;
  return bot.fillMs !== undefined && bot.fillMs < ctx.config.bot.minFillMs;
}

/** What a bot receives: the shape of success, with nothing stored. */
function decoy(kind: ActionKind, id: string, confirming: boolean): StoredResponse {
  if (confirming) return { status: 202, body: { id, status: 'pending', confirmation: 'email' } };
  return { status: 202, body: { id, status: kind === 'donation' ? 'pending' : 'accepted' } };
}

function checkOpen(submission: Submission, now: Date): void {
  const target = submission.target;
  if (!target) return;
  const open = target.field === 'petitionId' ? target.petition.open : eventIsOpen(target.event, now);
  if (open) return;
  const fr = submission.locale.startsWith('fr');
  const rule = target.field === 'petitionId' ? 'petition_closed' : 'event_closed';
  const message =
    target.field === 'petitionId'
      ? fr
        ? 'Cette pétition est close.'
        : 'This petition is closed.'
      : fr
        ? 'Les inscriptions à cet événement sont closes.'
        : 'This event is closed to new RSVPs.';
  throw new HttpError(422, 'rule_violation', { rule, issues: [{ path: target.field, code: 'invalid_id', message }] });
}

function checkGuests(submission: Submission, data: ActionData[ActionKind]): void {
  if (submission.target?.field !== 'eventId') return;
  const issue = guestsRefusal(submission.target.event, data as ActionData['rsvp'], submission.locale);
  if (issue) throw new HttpError(422, 'rule_violation', { rule: 'max_guests', issues: [issue] });
}

/**
 * What a public submission that proved its work and passed every check takes
 * of the quotas: an RSVP's guests from its client's per-IP allowance (where an
 * RSVP counts as 1 + guests: the 1 was taken on arrival), then one from its
 * form's count.
 */
async function chargeQuotas(ctx: RelayContext, submission: Submission, form: string, data: ActionData[ActionKind]): Promise<void> {
  if (submission.kind === 'rsvp') {
    const guests = seatsOf(data as ActionData['rsvp']) - 1;
    if (guests > 0) await chargeOrRefuse(ctx.limits.perIp, submission.client, guests, ctx.config.rateLimits.perIp);
  }
  await countSubmission(ctx, form);
}

async function store(
  ctx: RelayContext,
  submission: Submission,
  id: string,
  hash: string,
  data: ActionData[ActionKind],
  spent: { signature: string; expiresAt: Date } | undefined,
): Promise<StoredResponse> {
  const now = ctx.now();
  const person = personOf(data);
  // The answer depends on nothing the relay holds about the person (a pledge over the donor's cap is
  // stored and answered like any other, only flagged for the treasurer), so it cannot tell whether the
  // email is known, confirmed, suppressed, throttled or near its cap: those decide only whether the mail
  // worker sends the queued message and what the treasurer reviews.
  const confirming = asksConfirmation(ctx.config, submission.kind, submission.target);
  const action: StoredAction = {
    id,
    kind: submission.kind,
    data,
    status: confirming ? 'pending' : 'accepted',
    targetId: submission.target
      ? submission.target.field === 'petitionId'
        ? submission.target.petition.id
        : submission.target.event.id
      : null,
    origin: submission.origin,
    emailHash: person ? ctx.hashKey.emailHash(person.email) : (submission.personEmailHash ?? null),
    confirmation: confirming ? 'pending' : 'none',
    ...(submission.tokenId ? { tokenId: submission.tokenId } : {}),
    expiresAt: confirming ? unconfirmedExpiry(ctx.config, now) : expiryOf(ctx.config, submission.kind, data, now),
  };
  if (person && ctx.config.smtp) {
    // Without double opt-in, the message only matters when the submitted details differ from the
    // record; the mail worker compares them and drops it otherwise.
    action.confirmationMail = {
      purpose: confirming ? 'action' : 'details',
      locale: messageLocale(person, data, submission.locale),
      linkExpiresAt: linkExpiry(ctx.config, now),
    };
  }
  const body: Record<string, unknown> = confirming ? { id, status: 'pending', confirmation: 'email' } : { id, status: 'accepted' };
  let pledge: PreparedPledge | undefined;
  if (submission.kind === 'donation') {
    // Everything here depends on the request alone; the donor's running total is read only in the batch below.
    pledge = await preparePledge(ctx, id, data as ActionData['donation'], submission, now);
    action.status = 'pending';
    action.amountMinor = pledge.row.amount_minor;
    action.period = pledge.row.period;
    body.status = 'pending';
    body.checkoutUrl = pledge.checkoutUrl;
    body.statusId = pledge.row.public_id;
  }
  if (submission.kind === 'contact') body.retainUntil = action.expiresAt.toISOString();
  if (submission.kind === 'rsvp') action.seats = seatsOf(data as ActionData['rsvp']);

  const bufferRows = (rows: RowBuffer) => {
    bufferAction(rows, action, ctx.config.backend.type, now);
    rows.addIdempotencyRecord({
      key: id,
      request_hash: hash,
      status_code: 202,
      response_body: JSON.stringify(body),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ctx.config.retention.idempotencyDays * DAY_MS).toISOString(),
    });
    if (spent) rows.addSpentChallenge({ signature: spent.signature, expires_at: spent.expiresAt.toISOString() });
    return undefined;
  };
  // A pending RSVP takes no seat until it is confirmed, so nothing needs to be read to store it.
  if (submission.kind !== 'donation' && (submission.kind !== 'rsvp' || confirming)) {
    await ctx.queue.runBuffered(bufferRows);
    // The signer's page asks for the count next: it must include them.
    if (submission.target?.field === 'petitionId' && !confirming) ctx.petitionFacts.forget(submission.target.petition.id);
    return { status: 202, body };
  }
  await ctx.queue.run(async (trx, rows) => {
    // Running totals and capacity must count the pledges and RSVPs written earlier in this batch.
    await rows.write(trx);
    if (pledge) await storePledge(trx, ctx, pledge, now);
    if (submission.target?.field === 'eventId') {
      action.status = await rsvpStatus(trx, submission.target.event, data as ActionData['rsvp']);
      body.status = action.status;
    }
    return bufferRows(rows);
  });
  return { status: 202, body };
}
