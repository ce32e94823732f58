/**
 * The Action Network backend (OSDI 1.1, HAL+JSON), through its record
 * helpers: one POST per action carries the person and the action together.
 *
 * With an `apiKey` (`OSDI-API-Token` header) it is server-only and answers
 * carry the record's id. Without one it posts to the same helpers
 * unauthenticated, which Action Network accepts for public actions (and
 * answers `{}`), so a browser may use it directly.
 *
 * Idempotency: Action Network matches people by email, and keeps one
 * signature, attendance or submission per person and petition, event or form
 * (a repeat updates it), so a retried delivery creates nothing new. Donations
 * carry the Tract action id as an OSDI identifier (`tract:<id>`), which Action
 * Network dedupes on.
 *
 * Social contacts are not forwarded: Action Network identifies people by email
 * or phone, which a contact does not have, and a contact's interaction may
 * reveal a political opinion that stays in the relay. The mapping table is in
 * `docs/backends/action-network.md`.
 */
import type { Backend, DonationPaymentEvent, Receipt, SendContext } from '../backend.js';
import { TractError, TractRejectedError } from '../errors.js';
import { isRetryableStatus, networkFailure, retryableResponse } from '../http.js';
import type { ForwardedFieldResult } from '../schema/actions.js';
import type { Consent } from '../schema/consent.js';
import type { TractAction } from '../schema/envelope.js';
import type { Person } from '../schema/person.js';
import type { Source } from '../schema/source.js';
import { assertSecretStaysOnServer } from '../secret-guard.js';
import { SlidingWindowLimiter } from './rate-limiter.js';

export interface ActionNetworkOptions {
  /** API key (Start → Details → API & Sync). A secret: with it the backend is server-only. Without it, only public record helpers are used. */
  apiKey?: string;
  /** API root (default `https://actionnetwork.org/api/v2/`). */
  baseUrl?: string;
  /** Tract petition id → Action Network petition id, e.g. `{ 'demo-petition': '7a2f...' }`. */
  petitions?: Record<string, string>;
  /** Tract event id → Action Network event id. */
  events?: Record<string, string>;
  /** Action Network fundraising page that records donation pledges. Without it, donations are refused. */
  fundraisingPage?: string;
  /** Recipient named on each donation (default `Campaign`). */
  donationRecipient?: string;
  /** Action Network form that records signups; without it signups use the person signup helper (`POST people`). */
  signupForm?: string;
  /** Tags added to everyone this backend sends, besides the action's own. */
  tags?: string[];
  /** Whether Action Network sends its configured autoresponse email (default true). */
  autoresponse?: boolean;
  /** Abort a request that takes longer than this, in milliseconds (default 15 000). */
  timeoutMs?: number;
  /** Allow the API key in a browser (an extension holding its own key); never on a public page. */
  dangerouslyAllowBrowser?: boolean;
}

/** Action Network allows 4 requests a second per key. */
const ACTION_NETWORK_RATE = { limit: 4, windowMs: 1000 };

/** Tract RSVP status → OSDI attendance status. */
const ATTENDANCE_STATUS = { attending: 'accepted', maybe: 'tentative', declined: 'declined' } as const;

/** `2500` EUR → `"25.00"`, using the currency's own number of decimals. */
export function formatAmount(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (minor / 10 ** digits).toFixed(digits);
}

/**
 * A backend that records each action in Action Network.
 * @param options the API key (server-side) and how Tract's petitions, events and pages map to Action Network's
 */
export function actionNetwork(options: ActionNetworkOptions = {}): Backend {
  if (options.apiKey !== undefined) {
    if (!options.apiKey)
      throw new TractError(
        'invalid_option',
        'actionNetwork: "apiKey" is empty; pass the key from an environment variable, or omit it to use the public record helpers.',
      );
    assertSecretStaysOnServer('actionNetwork', 'apiKey', options.dangerouslyAllowBrowser);
  }
  const root = new URL(options.baseUrl ?? 'https://actionnetwork.org/api/v2/');
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  const limiter = SlidingWindowLimiter.forServer(ACTION_NETWORK_RATE.limit, ACTION_NETWORK_RATE.windowMs);
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function post(context: SendContext, path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    await limiter.acquire(context.signal);
    const doFetch = context.fetch ?? globalThis.fetch;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/hal+json' };
    if (options.apiKey) headers['osdi-api-token'] = options.apiKey;
    let response: Response;
    try {
      response = await doFetch(new URL(path, root), {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(context.signal ? [context.signal] : [])]),
        redirect: 'error',
      });
    } catch (cause) {
      throw networkFailure('actionnetwork', cause);
    }
    if (isRetryableStatus(response.status)) {
      const error = retryableResponse('actionnetwork', response);
      if (response.status === 429) limiter.pauseFor(error.retryAfterMs ?? ACTION_NETWORK_RATE.windowMs);
      await response.body?.cancel();
      throw error;
    }
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = { error: text.slice(0, 200) };
    }
    if (response.ok) return json;
    throw refusal(response.status, json, path, options.apiKey !== undefined);
  }

  function mapped(map: Record<string, string> | undefined, id: string, setting: 'petitions' | 'events'): string {
    const remote = map?.[id];
    if (remote) return encodeURIComponent(remote);
    throw new TractRejectedError({
      status: 0,
      code: 'unmapped_id',
      setting,
      message: `actionnetwork: no Action Network id for the Tract ${setting === 'petitions' ? 'petition' : 'event'} "${id}"; add it to the "${setting}" option, e.g. ${setting}: { "${id}": "<Action Network id>" }.`,
    });
  }

  /** What every record helper body shares: the person, tags, triggers and source. */
  function helperBody(
    person: Person,
    consent: Consent,
    tags: readonly string[] | undefined,
    source: Source | undefined,
  ): Record<string, unknown> {
    const allTags = [...new Set([...(options.tags ?? []), ...(tags ?? [])])];
    const referrer = referrerData(source);
    return {
      person: osdiPerson(person, consent, source),
      ...(allTags.length > 0 ? { add_tags: allTags } : {}),
      triggers: { autoresponse: { enabled: options.autoresponse ?? true } },
      ...(referrer ? { referrer_data: referrer } : {}),
    };
  }

  async function deliver(action: TractAction, context: SendContext): Promise<Record<string, unknown>> {
    switch (action.kind) {
      case 'signup': {
        const { data } = action;
        const { referrer_data, ...body } = helperBody(data.person, data.consent, data.tags, data.source);
        if (options.signupForm) {
          return post(context, `forms/${encodeURIComponent(options.signupForm)}/submissions`, {
            ...actionMembers(action),
            ...body,
            ...(referrer_data ? { referrer_data } : {}),
          });
        }
        // The person signup helper takes no referrer data: the source survives only as custom fields.
        return post(context, 'people', body);
      }
      case 'petition_signature': {
        const { data } = action;
        const petition = mapped(options.petitions, data.petitionId, 'petitions');
        return post(context, `petitions/${petition}/signatures`, {
          ...actionMembers(action),
          ...helperBody(data.person, data.consent, data.tags, data.source),
          ...(data.comment ? { comments: data.comment } : {}),
        });
      }
      case 'rsvp': {
        const { data } = action;
        const event = mapped(options.events, data.eventId, 'events');
        return post(context, `events/${event}/attendances`, {
          ...actionMembers(action),
          ...helperBody(data.person, data.consent, data.tags, data.source),
          status: ATTENDANCE_STATUS[data.status],
        });
      }
      case 'donation':
        return recordDonation(action, context, { method: 'Tract pledge', reference_number: action.id });
      case 'contact':
        throw new TractRejectedError({
          status: 0,
          code: 'unsupported_action',
          message:
            'actionnetwork: social contacts are not forwarded to Action Network: it identifies people by email or phone, which a contact does not carry, ' +
            'and a logged interaction may reveal a political opinion that must stay in the campaign. Keep contacts in the relay, or use the NationBuilder or webhook backend.',
        });
      case 'field_result': {
        // Action Network records no calls or visits: the person signup helper carries the answers as
        // tags and custom fields on the person the relay attached (the note stays in the relay).
        const data = action.data as ForwardedFieldResult;
        if (!data.person) {
          throw new TractRejectedError({
            status: 0,
            code: 'unsupported_action',
            message:
              'actionnetwork: a field result names its person only by a slice reference; the relay forwards it with the person attached.',
          });
        }
        return post(context, 'people', {
          person: { email_addresses: [{ address: data.person.email }], custom_fields: fieldCustomFields(data) },
          add_tags: fieldTags(data),
          triggers: { autoresponse: { enabled: false } },
        });
      }
    }
  }

  /** The pledge as a donation on the fundraising page, deduped by its Tract identifier, with `payment` as given. */
  async function recordDonation(
    action: TractAction<'donation'>,
    context: SendContext,
    payment: { method: string; reference_number: string },
  ) {
    const { data } = action;
    if (!options.fundraisingPage) {
      throw new TractRejectedError({
        status: 0,
        code: 'not_configured',
        setting: 'fundraisingPage',
        message:
          'actionnetwork: donations need a fundraising page; set "fundraisingPage" to the Action Network id of the page that records them.',
      });
    }
    return post(context, `fundraising_pages/${encodeURIComponent(options.fundraisingPage)}/donations`, {
      ...actionMembers(action),
      ...helperBody(data.person, data.consent, data.tags, data.source),
      currency: data.currency,
      recipients: [{ display_name: options.donationRecipient ?? 'Campaign', amount: formatAmount(data.amount, data.currency) }],
      payment,
    });
  }

  return {
    name: 'actionnetwork',
    async send(action: TractAction, context: SendContext): Promise<Receipt> {
      const answer = await deliver(action, context);
      const remoteId = actionNetworkId(answer);
      return { id: action.id, status: 'delivered', ...(remoteId ? { remoteId } : {}) };
    },
    /**
     * A confirmed payment records the pledge's donation again under the same
     * Tract identifier (Action Network dedupes on it), now with the provider as
     * its payment method and the provider's reference. Action Network has no
     * place for a refund: a refund is refused, saying so.
     */
    async sendPaymentEvent(event: DonationPaymentEvent, context: SendContext): Promise<Receipt> {
      if (event.kind !== 'donation.paid') {
        throw new TractRejectedError({
          status: 0,
          code: 'unsupported_event',
          message:
            'actionnetwork: Action Network has no place for a refund; record it in Action Network by hand (the relay keeps it in its treasurer export).',
        });
      }
      const method = event.payment.provider === 'stripe' ? 'Stripe' : 'HelloAsso';
      const answer = await recordDonation(event.donation, context, {
        method,
        reference_number: event.payment.reference ?? event.donationId,
      });
      const remoteId = actionNetworkId(answer);
      return { id: event.id, status: 'delivered', ...(remoteId ? { remoteId } : {}) };
    },
  };
}

/** Custom fields for a field result (OSDI custom field values are strings). */
function fieldCustomFields(data: ForwardedFieldResult): Record<string, string> {
  return {
    tract_field_outcome: data.outcome,
    tract_field_date: data.recordedAt,
    ...(data.supportLevel === undefined ? {} : { tract_support_level: String(data.supportLevel) }),
    ...(data.willVolunteer === undefined ? {} : { tract_will_volunteer: data.willVolunteer ? 'yes' : 'no' }),
    ...(data.yardSign === undefined ? {} : { tract_yard_sign: data.yardSign ? 'yes' : 'no' }),
  };
}

/** Tags an organizer can build a report on: the outcome, and the yes answers. */
function fieldTags(data: ForwardedFieldResult): string[] {
  return [
    `tract-field-${data.outcome.replaceAll('_', '-')}`,
    ...(data.willVolunteer ? ['tract-will-volunteer'] : []),
    ...(data.yardSign ? ['tract-yard-sign'] : []),
    ...(data.outcome === 'do_not_call' ? ['tract-do-not-call'] : []),
  ];
}

/** Members every recorded action carries: the Tract id as an OSDI identifier (what Action Network dedupes donations on), its origin and date. */
function actionMembers(action: TractAction): Record<string, unknown> {
  return { identifiers: [`tract:${action.id}`], origin_system: 'Tract', action_date: action.submittedAt };
}

/** The OSDI person, with subscription statuses only where the person consented. */
function osdiPerson(person: Person, consent: Consent, source: Source | undefined): Record<string, unknown> {
  const granted = new Set(consent.map((grant) => grant.purpose));
  const result: Record<string, unknown> = {
    email_addresses: [{ address: person.email, ...(granted.has('email') ? { status: 'subscribed' } : {}) }],
  };
  if (person.givenName) result.given_name = person.givenName;
  if (person.familyName) result.family_name = person.familyName;
  if (person.phone) result.phone_numbers = [{ number: person.phone, ...(granted.has('sms') ? { status: 'subscribed' } : {}) }];
  if (person.postalCode || person.country || person.addressLines || person.locality) {
    result.postal_addresses = [
      {
        ...(person.addressLines ? { address_lines: person.addressLines } : {}),
        ...(person.locality ? { locality: person.locality } : {}),
        ...(person.postalCode ? { postal_code: person.postalCode } : {}),
        ...(person.country ? { country: person.country } : {}),
      },
    ];
  }
  if (person.language) result.languages_spoken = [person.language];
  const utm = {
    ...(source?.utmSource ? { utm_source: source.utmSource } : {}),
    ...(source?.utmMedium ? { utm_medium: source.utmMedium } : {}),
    ...(source?.utmCampaign ? { utm_campaign: source.utmCampaign } : {}),
    ...(source?.utmTerm ? { utm_term: source.utmTerm } : {}),
    ...(source?.utmContent ? { utm_content: source.utmContent } : {}),
  };
  if (Object.keys(utm).length > 0) result.custom_fields = utm;
  return result;
}

/** OSDI `referrer_data`: the campaign's tracking code, the referring site and the form's page. */
function referrerData(source: Source | undefined): Record<string, string> | undefined {
  if (!source) return undefined;
  const data = {
    ...(source.refcode ? { source: source.refcode } : source.utmSource ? { source: source.utmSource } : {}),
    ...(source.referrerHost ? { website: source.referrerHost } : {}),
    ...(source.pageUrl ? { url: source.pageUrl } : {}),
  };
  return Object.keys(data).length > 0 ? data : undefined;
}

/** The `action_network:` identifier of a HAL answer (absent from unauthenticated answers, which are `{}`). */
function actionNetworkId(answer: Record<string, unknown>): string | undefined {
  const identifiers = Array.isArray(answer.identifiers) ? (answer.identifiers as unknown[]) : [];
  const id = identifiers.find((value): value is string => typeof value === 'string' && value.startsWith('action_network:'));
  return id?.slice('action_network:'.length);
}

/** A permanent answer as a Tract error, with Action Network's reason. */
function refusal(status: number, json: Record<string, unknown>, path: string, hasKey: boolean): TractRejectedError {
  const reason = typeof json.error === 'string' ? json.error : 'no reason given';
  if (status === 401 || status === 403) {
    return new TractRejectedError({
      status,
      code: 'unauthorized',
      setting: 'apiKey',
      message: hasKey
        ? `actionnetwork: the API key was refused (HTTP ${status}: ${reason}); check "apiKey" (Start → Details → API & Sync).`
        : `actionnetwork: this action needs an API key (HTTP ${status}: ${reason}); set "apiKey" on the server.`,
    });
  }
  const target = path.split('/')[0];
  const setting =
    status === 404
      ? ({ petitions: 'petitions', events: 'events', fundraising_pages: 'fundraisingPage', forms: 'signupForm' } as const)[
          target as 'petitions'
        ]
      : undefined;
  return new TractRejectedError({
    status,
    code: status === 404 ? 'not_found' : 'rejected',
    ...(setting ? { setting } : {}),
    message: `actionnetwork: ${path} answered HTTP ${status}: ${reason}${setting ? `; check the "${setting}" option` : ''}`,
  });
}
