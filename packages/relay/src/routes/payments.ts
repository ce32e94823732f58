/**
 * Payment routes: the public status of a pledge (paid, pending or failed,
 * asked with its unguessable status id, nothing personal), and the
 * providers' webhooks, which alone change a pledge's payment state.
 */
import type { Context, Hono } from 'hono';
import type { RelayContext } from '../context.js';
import type { PledgeRow } from '../db/schema.js';
import { type NodeIncoming, readLimitedBody } from '../http/body.js';
import { rateLimitKey } from '../http/client-address.js';
import { HttpError } from '../http/errors.js';
import { chargeOrRefuse } from '../http/rate-limit.js';
import type { HelloAssoProvider } from '../payments/helloasso.js';
import { processHelloAssoNotification } from '../payments/helloasso-webhook.js';
import { publicStatusOf } from '../payments/pledges.js';
import { PaymentProviderError } from '../payments/provider.js';
import { asProviderError, type StripeProvider } from '../payments/stripe.js';
import { isOurs, processStripeEvent, signedAt, verifiedEvent } from '../payments/stripe-webhook.js';
import type { ClientAddress } from './public.js';

/** 128 bits, base64url (`publicIdOf`). */
const STATUS_ID = /^[A-Za-z0-9_-]{22}$/;

export function paymentRoutes(app: Hono, ctx: RelayContext, clientAddress: ClientAddress): void {
  app.get('/v1/pledges/:statusId', async (c: Context) => {
    await chargeOrRefuse(ctx.limits.perIp, rateLimitKey(clientAddress(c)), 1, ctx.config.rateLimits.perIp);
    const statusId = c.req.param('statusId') ?? '';
    if (!ctx.config.donations || !STATUS_ID.test(statusId)) throw new HttpError(404, 'not_found');
    const pledge = await ctx.db.selectFrom('pledges').select('status').where('public_id', '=', statusId).executeTakeFirst();
    if (!pledge) throw new HttpError(404, 'not_found');
    c.header('Cache-Control', 'no-store');
    return c.json({ status: publicStatusOf(pledge.status) });
  });

  app.post('/v1/payments/stripe/webhook', async (c: Context) => {
    const provider = ctx.payments;
    if (provider?.name !== 'stripe') throw new HttpError(404, 'not_found');
    const stripe = provider as StripeProvider;
    const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
    const raw = await readLimitedBody(c.req.raw, incoming, ctx.config.bodyTimeoutMs, WEBHOOK_MAX_BYTES);
    const event = verifiedEvent(stripe, raw, c.req.header('stripe-signature'));
    if (!event) return refuse(c, 'bad_signature');
    crashPoint('webhook-received');
    let result = await processStripeEvent(ctx, event, signedAt(c.req.header('stripe-signature')));
    crashPoint('webhook-committed');
    if (result.outcome === 'unknown_pledge' && !(await isOurs(stripe, event).catch(() => true))) result = { outcome: 'ignored' };
    logWebhook('stripe', event.type, result.outcome);
    if (result.outcome === 'unknown_pledge' || result.outcome === 'replayed') return refuse(c, result.outcome);
    if (result.outcome === 'processed' && result.pledge) void endPaidMonthlyGift(ctx, stripe, result.pledge);
    return c.json({ received: true, outcome: result.outcome });
  });

  app.post('/v1/payments/helloasso/webhook', async (c: Context) => {
    const provider = ctx.payments;
    if (provider?.name !== 'helloasso') throw new HttpError(404, 'not_found');
    const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
    const raw = await readLimitedBody(c.req.raw, incoming, ctx.config.bodyTimeoutMs, WEBHOOK_MAX_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new HttpError(400, 'invalid_json');
    }
    let result: Awaited<ReturnType<typeof processHelloAssoNotification>>;
    try {
      result = await processHelloAssoNotification(ctx, provider as HelloAssoProvider, body);
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      // HelloAsso's API could not confirm it now: unavailable, so the notification is sent again.
      logWebhook('helloasso', 'notification', `api_${error.reason}`);
      throw new HttpError(503, 'unavailable', { retryAfter: 30 });
    }
    logWebhook('helloasso', 'notification', result.outcome);
    if (result.outcome === 'unknown_pledge' || result.outcome === 'unconfirmed') throw new HttpError(400, 'webhook_refused');
    return c.json({ received: true, outcome: result.outcome });
  });

  const logWebhook = (provider: string, type: string, outcome: string) =>
    ctx.log(JSON.stringify({ time: ctx.now().toISOString(), event: 'payment_webhook', provider, type, outcome }));

  /** 400, changing nothing: the provider retries, and an event that came too early is applied later. */
  const refuse = (c: Context, outcome: string) => {
    if (outcome === 'bad_signature') logWebhook(c.req.path.split('/')[3] ?? '', 'unverified', outcome);
    throw new HttpError(400, 'webhook_refused');
  };
}

/** Stripe events carry whole objects: larger than a form's 32 KB. */
const WEBHOOK_MAX_BYTES = 262_144;

/**
 * Fault injection for the crash tests only: `TRACT_TEST_CRASH_AT` names a
 * point where the process kills itself, as a power cut would.
 */
function crashPoint(point: string): void {
  if (process.env.TRACT_TEST_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}

/**
 * A monthly gift stops once it has paid every instalment its period allows:
 * the relay cancels the subscription, and Stripe's `customer.subscription.deleted`
 * marks it ended. A failure is logged; the next payment's event tries again.
 */
async function endPaidMonthlyGift(ctx: RelayContext, provider: StripeProvider, pledge: PledgeRow): Promise<void> {
  if (pledge.recurrence !== 'monthly' || !pledge.subscription_ref || pledge.ended_at) return;
  const paid = await ctx.db
    .selectFrom('pledge_payments')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('pledge_id', '=', pledge.id)
    .where('kind', '=', 'payment')
    .executeTakeFirst();
  if (Number(paid?.n ?? 0) < pledge.instalments) return;
  try {
    await provider.client.subscriptions.cancel(pledge.subscription_ref, {}, { idempotencyKey: `tract-end-${pledge.id}` });
  } catch (error) {
    ctx.log(
      JSON.stringify({
        time: ctx.now().toISOString(),
        event: 'payment_cancel_failed',
        provider: 'stripe',
        reason: asProviderError(error).reason,
      }),
    );
  }
}
