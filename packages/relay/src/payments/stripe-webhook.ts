/**
 * Stripe's webhook: verified with the package's signature check
 * (`Stripe-Signature`, 5 minutes' tolerance), then turned into facts about one
 * pledge. The event is recorded (by event id) in the same transaction that
 * applies its facts, so an event is processed exactly once: a replay or a
 * retry after a crash before the answer finds it recorded and changes
 * nothing; a crash before the commit left nothing, and the retry applies it.
 * An event that names no pledge the relay knows is refused (4xx, nothing
 * changes): Stripe retries it, so one that came before the event it depends
 * on (a refund before its payment was recorded) is applied later.
 */

import type { Transaction } from 'kysely';
import type Stripe from 'stripe';
import type { RelayContext } from '../context.js';
import type { Database, PledgeRow } from '../db/schema.js';
import { applyFacts, type PledgeFact } from './pledges.js';
import type { StripeProvider } from './stripe.js';

/** Stripe retries for days: an event's record outlives any retry. */
const EVENT_RECORD_DAYS = 30;
export const STRIPE_TOLERANCE_SECONDS = 300;

/** The events the relay acts on; any other is acknowledged and ignored. */
export const STRIPE_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
  'invoice.paid',
  'customer.subscription.deleted',
] as const;

export type WebhookOutcome = 'processed' | 'duplicate' | 'replayed' | 'ignored' | 'unknown_pledge' | 'bad_signature';

/** Verifies the signature; undefined when it does not hold (wrong secret, altered body, stale or missing timestamp). */
export function verifiedEvent(provider: StripeProvider, rawBody: string, signature: string | undefined): Stripe.Event | undefined {
  if (!signature) return undefined;
  try {
    return provider.client.webhooks.constructEvent(rawBody, signature, provider.webhookSecret, STRIPE_TOLERANCE_SECONDS);
  } catch {
    return undefined;
  }
}

type Lookup = { by: 'id' | 'checkout_ref' | 'payment_ref' | 'subscription_ref' | 'customer_ref'; value: string };

interface Interpretation {
  /** Ways to find the pledge, tried in order. */
  lookups: Lookup[];
  facts: PledgeFact[];
  /** For a session event: the session the pledge must have been given. */
  sessionId?: string;
  /** Whether the event itself names a pledge (client reference or metadata): one that does not may be another tool's. */
  marked: boolean;
  /** For a refund: the payment intent whose metadata says whether it is a pledge's. */
  paymentIntent?: string;
}

function metadataPledge(metadata: Stripe.Metadata | null | undefined): string | undefined {
  return typeof metadata?.pledge_id === 'string' ? metadata.pledge_id : undefined;
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

/** What an event says about which pledge, as facts; undefined for events the relay does not act on. */
export function interpret(event: Stripe.Event): Interpretation | undefined {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const session = event.data.object;
      const pledgeId = session.client_reference_id ?? metadataPledge(session.metadata);
      const lookups: Lookup[] = pledgeId ? [{ by: 'id', value: pledgeId }] : [{ by: 'checkout_ref', value: session.id }];
      const refs: PledgeFact = {
        kind: 'refs',
        payment: idOf(session.payment_intent),
        subscription: idOf(session.subscription),
        customer: idOf(session.customer),
      };
      const facts: PledgeFact[] = [refs];
      if (event.type === 'checkout.session.expired') facts.push({ kind: 'abandoned' });
      else if (event.type === 'checkout.session.async_payment_failed') facts.push({ kind: 'failed' });
      else if (session.payment_status === 'paid') {
        facts.push({ kind: 'completed' });
        // A subscription's payments arrive as `invoice.paid`; a one-off payment is the session's.
        if (session.mode === 'payment') {
          facts.push({ kind: 'payment', id: idOf(session.payment_intent) ?? session.id, amount: session.amount_total ?? 0 });
        }
      }
      return { lookups, facts, sessionId: session.id, marked: pledgeId !== undefined };
    }
    case 'invoice.paid': {
      const invoice = event.data.object;
      const details = invoice.parent?.subscription_details;
      const subscription = idOf(details?.subscription as string | { id: string } | null | undefined);
      const pledgeId = metadataPledge(details?.metadata);
      const lookups: Lookup[] = [];
      if (pledgeId) lookups.push({ by: 'id', value: pledgeId });
      if (subscription) lookups.push({ by: 'subscription_ref', value: subscription });
      return {
        lookups,
        marked: pledgeId !== undefined,
        facts: [
          { kind: 'refs', subscription, customer: idOf(invoice.customer) },
          { kind: 'payment', id: invoice.id, amount: invoice.amount_paid },
        ],
      };
    }
    case 'customer.subscription.deleted': {
      const subscription = event.data.object;
      const pledgeId = metadataPledge(subscription.metadata);
      const lookups: Lookup[] = pledgeId ? [{ by: 'id', value: pledgeId }] : [];
      lookups.push({ by: 'subscription_ref', value: subscription.id });
      return { lookups, marked: pledgeId !== undefined, facts: [{ kind: 'refs', subscription: subscription.id }, { kind: 'ended' }] };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const lookups: Lookup[] = [];
      const paymentIntent = idOf(charge.payment_intent);
      if (paymentIntent) lookups.push({ by: 'payment_ref', value: paymentIntent });
      const customer = idOf(charge.customer);
      if (customer) lookups.push({ by: 'customer_ref', value: customer });
      return {
        lookups,
        marked: false,
        ...(paymentIntent ? { paymentIntent } : {}),
        facts: [{ kind: 'refund', id: charge.id, amount: charge.amount_refunded }],
      };
    }
    default:
      return undefined;
  }
}

async function findPledge(trx: Transaction<Database>, lookups: Lookup[]): Promise<PledgeRow | undefined> {
  for (const lookup of lookups) {
    const pledge = await trx
      .selectFrom('pledges')
      .selectAll()
      .where(lookup.by, '=', lookup.value)
      .where('provider', '=', 'stripe')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (pledge) return pledge;
  }
  return undefined;
}

export interface ProcessedEvent {
  outcome: WebhookOutcome;
  pledge?: PledgeRow;
}

/**
 * Whether an event no known pledge matches is the relay's at all. One that
 * names a pledge, or a refund of a payment intent whose metadata names one,
 * is (it came before what it depends on: refused, so Stripe retries it);
 * anything else is another tool's on the same Stripe account, acknowledged
 * and ignored, so Stripe does not retry it for days and disable the endpoint.
 */
export async function isOurs(provider: StripeProvider, event: Stripe.Event): Promise<boolean> {
  const interpretation = interpret(event);
  if (!interpretation) return false;
  if (interpretation.marked) return true;
  if (!interpretation.paymentIntent) return false;
  const intent = await provider.client.paymentIntents.retrieve(interpretation.paymentIntent);
  return metadataPledge(intent.metadata) !== undefined;
}

/** The timestamp a `Stripe-Signature` header signs (`t=`), verified with it. */
export function signedAt(signature: string | undefined): string | null {
  return /(?:^|,)t=(\d+)(?:,|$)/.exec(signature ?? '')?.[1] ?? null;
}

/**
 * Records and applies one verified event, exactly once. Stripe signs each
 * delivery afresh: the same event again under another timestamp is a retry
 * (acknowledged, nothing changes); under the very same one, it is a captured
 * request sent again (`replayed`: refused, nothing changes).
 */
export async function processStripeEvent(ctx: RelayContext, event: Stripe.Event, signed: string | null = null): Promise<ProcessedEvent> {
  const interpretation = interpret(event);
  if (!interpretation) return { outcome: 'ignored' };
  const now = ctx.now();
  return ctx.queue.run(async (trx) => {
    const id = `stripe:${event.id}`;
    const seen = await trx.selectFrom('payment_events').select(['id', 'signed_at']).where('id', '=', id).executeTakeFirst();
    if (seen) return { outcome: seen.signed_at !== null && seen.signed_at === signed ? ('replayed' as const) : ('duplicate' as const) };
    const pledge = await findPledge(trx, interpretation.lookups);
    if (!pledge) return { outcome: 'unknown_pledge' as const };
    if (interpretation.sessionId && pledge.checkout_ref !== interpretation.sessionId) return { outcome: 'unknown_pledge' as const };
    await trx
      .insertInto('payment_events')
      .values({
        id,
        provider: 'stripe',
        type: event.type,
        pledge_id: pledge.id,
        received_at: now.toISOString(),
        signed_at: signed,
        expires_at: new Date(now.getTime() + EVENT_RECORD_DAYS * 86_400_000).toISOString(),
      })
      .execute();
    const settled = await applyFacts(trx, ctx.config, pledge.id, interpretation.facts, now);
    return { outcome: 'processed' as const, pledge: settled };
  });
}
