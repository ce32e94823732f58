/** PLACEHOLDER: being implemented (see the issue); the signature is final. */
import type { Backend } from '../backend.js';

export interface WebhookOptions {
  baseUrl?: string;
  [option: string]: unknown;
}

export function webhook(_options: WebhookOptions): Backend {
  throw new Error('webhook(): not implemented yet');
}

export async function verifyWebhook(_request: unknown, _secret: string): Promise<unknown> {
  throw new Error('verifyWebhook(): not implemented yet');
}
