/**
 * A webhook receiver as a campaign would write one: it checks the content
 * type and the Tract-Signature with `verifyWebhook`, dedupes on the action id
 * (Tract-Delivery), and can be told to fail or rate-limit.
 */
import { verifyWebhook, WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER } from '../../src/backends/webhook.js';
import type { TractAction } from '../../src/schema/envelope.js';
import { listen, type RunningServer, readBody, type ScriptedFailure, sendFailure, sendJson } from './http-server.js';

export interface ReceivedRequest {
  at: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FakeWebhookReceiver extends RunningServer {
  /** Every request, including refused and failed ones. */
  readonly requests: ReceivedRequest[];
  /** Actions accepted, one per action id, in arrival order. */
  readonly delivered: TractAction[];
  /** How many accepted requests carried an action id already delivered. */
  readonly duplicates: number;
  /** The next requests get these answers, in order, instead of being processed. */
  failNext(...failures: ScriptedFailure[]): void;
}

/**
 * Starts a receiver.
 * @param secret when set, unsigned or badly signed deliveries get 401
 */
export async function startWebhookReceiver(options: { secret?: string; path?: string } = {}): Promise<FakeWebhookReceiver> {
  const path = options.path ?? '/hooks/tract';
  const requests: ReceivedRequest[] = [];
  const delivered: TractAction[] = [];
  const seen = new Set<string>();
  const failures: ScriptedFailure[] = [];
  let duplicates = 0;

  const server = await listen(async (request, response) => {
    const body = await readBody(request);
    requests.push({ at: Date.now(), headers: request.headers, body });
    const failure = failures.shift();
    if (failure) return sendFailure(response, failure);
    if (request.method !== 'POST' || request.url !== path) return sendJson(response, 404, { error: 'not found' });
    if (request.headers['content-type'] !== 'application/json') return sendJson(response, 415, { error: 'expected application/json' });
    let action: TractAction;
    if (options.secret !== undefined) {
      try {
        action = await verifyWebhook({
          body,
          header: request.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string | undefined,
          secret: options.secret,
        });
      } catch (error) {
        return sendJson(response, 401, { error: (error as Error).message });
      }
    } else {
      action = JSON.parse(body) as TractAction;
    }
    if (request.headers[WEBHOOK_DELIVERY_HEADER.toLowerCase()] !== action.id)
      return sendJson(response, 400, { error: 'Tract-Delivery does not match the action id' });
    if (seen.has(action.id)) {
      duplicates++;
    } else {
      seen.add(action.id);
      delivered.push(action);
    }
    sendJson(response, 200, { received: action.id });
  });

  return {
    ...server,
    url: `${server.url}${path}`,
    requests,
    delivered,
    get duplicates() {
      return duplicates;
    },
    failNext: (...next) => failures.push(...next),
  };
}
