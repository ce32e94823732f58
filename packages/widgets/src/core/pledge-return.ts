/**
 * The donor's return from the payment provider's checkout. The checkout
 * sends them back to the form's page with `tract_pledge=<status id>` (and
 * `tract_return=cancel` when they left without paying); `<tract-donate>` then
 * asks the relay for that pledge's public status (paid, pending or failed,
 * nothing personal), polls while the payment is being confirmed, shows thanks
 * or a retry above the form, and dispatches `tract-donation-paid`,
 * `tract-donation-pending` or `tract-donation-failed`.
 *
 * A chunk of its own, fetched only on such a return: a page that shows a
 * form, or submits one, never downloads it.
 */

/** What the donor reads, by outcome. */
const TEXTS = {
  en: {
    paid: 'Thank you! Your donation is confirmed.',
    pending: 'Thank you! Your payment is being confirmed; this can take a moment.',
    failed: 'Your payment did not go through, and nothing was charged. You can try again below.',
    cancel: 'You left the payment page: nothing was charged. You can try again below.',
  },
  fr: {
    paid: 'Merci ! Votre don est confirmé.',
    pending: 'Merci ! Votre paiement est en cours de confirmation, cela peut prendre un instant.',
    failed: 'Votre paiement n’a pas abouti et rien n’a été prélevé. Vous pouvez réessayer ci-dessous.',
    cancel: 'Vous avez quitté la page de paiement : rien n’a été prélevé. Vous pouvez réessayer ci-dessous.',
  },
} as const;

export type PledgePublicStatus = 'paid' | 'pending' | 'failed';

export interface TractDonationDetail {
  /** The pledge's public status id (from the return address). */
  statusId: string;
  status: PledgePublicStatus;
  /** The donor left the checkout without paying. */
  cancelled: boolean;
}

declare global {
  interface HTMLElementEventMap {
    'tract-donation-paid': CustomEvent<TractDonationDetail>;
    'tract-donation-pending': CustomEvent<TractDonationDetail>;
    'tract-donation-failed': CustomEvent<TractDonationDetail>;
  }
}

const STATUS_ID = /^[A-Za-z0-9_-]{22}$/;
/** How often, and how many times, a pending payment is asked again (about two minutes). */
const POLL_MS = 2000;
const POLLS = 60;

async function statusOf(endpoint: string, statusId: string): Promise<PledgePublicStatus | undefined> {
  try {
    const response = await fetch(`${endpoint}/v1/pledges/${statusId}`, { cache: 'no-store' });
    if (!response.ok) return undefined;
    const { status } = (await response.json()) as { status?: string };
    return status === 'paid' || status === 'pending' || status === 'failed' ? status : undefined;
  } catch {
    return undefined;
  }
}

/** Shows the outcome of the donor's return on `element` (a `<tract-donate>`), if the page's address says they came back. */
export async function showPledgeReturn(element: HTMLElement, endpoint: string, locale: string): Promise<void> {
  const params = new URLSearchParams(location.search);
  const statusId = params.get('tract_pledge') ?? '';
  const root = element.shadowRoot;
  if (!STATUS_ID.test(statusId) || !root) return;
  const cancelled = params.get('tract_return') !== null;
  const texts = locale.startsWith('fr') ? TEXTS.fr : TEXTS.en;
  const panel = document.createElement('p');
  panel.className = 'panel';
  panel.setAttribute('part', 'payment-status');
  panel.setAttribute('role', 'status');
  let shown: PledgePublicStatus | undefined;
  for (let poll = 0; poll < POLLS; poll++) {
    const status = await statusOf(endpoint, statusId);
    if (status && status !== shown) {
      shown = status;
      panel.textContent = cancelled && status !== 'paid' ? texts.cancel : texts[status];
      if (!panel.isConnected) root.prepend(panel);
      // Paid: the form has done its work.
      if (status === 'paid') root.querySelector('form')?.setAttribute('hidden', '');
      const detail: TractDonationDetail = { statusId, status, cancelled };
      element.dispatchEvent(new CustomEvent(`tract-donation-${status}`, { detail, bubbles: true, composed: true }));
    }
    if (status === 'paid' || status === 'failed' || (cancelled && status)) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
