/** The events every widget dispatches: bubbling and composed, so a page can listen on `document`. */
import type { ActionKind } from '@tract/sdk/schema';

export interface TractSubmittedDetail {
  kind: ActionKind;
  /** The action id (its Idempotency-Key). */
  id: string;
  /** What the relay answered: `accepted`, `waitlisted` or `pending` (a donation, or an action waiting for confirmation). */
  status: string;
  /** For donations: where the donor pays. */
  checkoutUrl?: string;
  /** `email` when the action counts only once the person confirms it from the message sent to them. */
  confirmation?: 'email';
}

export interface TractQueuedDetail {
  kind: ActionKind;
  id: string;
}

export interface TractErrorDetail {
  kind: ActionKind;
  /** Stable code: `invalid_input`, `rule_violation`, `challenge_failed`, `network_error`... */
  code: string;
  /** What went wrong, in the widget's language. */
  message: string;
}

declare global {
  interface HTMLElementEventMap {
    'tract-submitted': CustomEvent<TractSubmittedDetail>;
    'tract-queued': CustomEvent<TractQueuedDetail>;
    'tract-error': CustomEvent<TractErrorDetail>;
  }
}

/** Dispatches a Tract event from `target`. Returns false when a listener called `preventDefault()`. */
export function emit<K extends 'tract-submitted' | 'tract-queued' | 'tract-error'>(
  target: EventTarget,
  type: K,
  detail: HTMLElementEventMap[K]['detail'],
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }));
}
