/**
 * Payment routes: the public status of a pledge (paid, pending or failed,
 * asked with its unguessable status id, nothing personal), and the
 * providers' webhooks, which alone change a pledge's payment state.
 */
import type { Context, Hono } from 'hono';
import type { RelayContext } from '../context.js';
import { rateLimitKey } from '../http/client-address.js';
import { HttpError } from '../http/errors.js';
import { chargeOrRefuse } from '../http/rate-limit.js';
import { publicStatusOf } from '../payments/pledges.js';
import type { ClientAddress } from './public.js';

/** 128 random bits, base64url (`newPublicId`). */
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
}
