/**
 * The NationBuilder backend (API v2, JSON:API). Server-only: the token opens
 * the whole nation. Every action first upserts the person with
 * `PATCH signups/push` (matched on email, or on an `external_id` for social
 * contacts, which carry no email), tags them, then records the action itself.
 *
 * NationBuilder has no idempotency key, so a retried delivery must not create
 * a second record: signatures and RSVPs are unique per person and event or
 * petition in NationBuilder (a repeat answers 422 "taken", which counts as
 * already delivered); donations and contacts carry the Tract action id
 * (`tract:<id>` in `note` / `[tract:<id>]` in `content`) and are looked up by
 * signup before being created. Lookups never put personal data in a URL.
 *
 * The mapping table, and what is lost, is in `docs/backends/nationbuilder.md`.
 */
import type { Backend, DonationPaymentEvent, Receipt, SendContext } from '../backend.js';
import { TractError, TractRejectedError } from '../errors.js';
import { isRetryableStatus, networkFailure, retryableResponse } from '../http.js';
import type { Contact, FieldOutcome, ForwardedFieldResult, Network } from '../schema/actions.js';
import type { FieldIssue } from '../schema/codes.js';
import type { Consent } from '../schema/consent.js';
import type { TractAction } from '../schema/envelope.js';
import type { Person } from '../schema/person.js';
import { assertSecretStaysOnServer } from '../secret-guard.js';
import { SlidingWindowLimiter } from './rate-limiter.js';

export interface NationBuilderOptions {
  /** The nation's slug: `https://<nation>.nationbuilder.com`. */
  nation: string;
  /** An API v2 access token. A secret: server-only. */
  token: string;
  /** API root for tests or proxies (default `https://<nation>.nationbuilder.com/api/v2/`). */
  baseUrl?: string;
  /** Tract petition id → NationBuilder petition id. A signature for an unmapped petition is refused. */
  petitions?: Record<string, string>;
  /** Tract event id → NationBuilder event id. An RSVP for an unmapped event is refused. */
  events?: Record<string, string>;
  /** NationBuilder signup id of the organizer recorded as the author of social contacts. */
  authorId?: string;
  /** Requests allowed per window (default NationBuilder's 250 per 10 s); the window is padded slightly for network latency. */
  rateLimit?: { limit: number; windowMs: number };
  /** Abort a request that takes longer than this, in milliseconds (default 15 000). */
  timeoutMs?: number;
  /** Allow the token in a browser (an extension holding its own token); never on a public page. */
  dangerouslyAllowBrowser?: boolean;
}

const JSON_API = 'application/vnd.api+json';

/** NationBuilder's contact methods for the networks it knows; the others are logged as `other`. */
const CONTACT_METHODS: Partial<Record<Network, string>> = { x: 'tweet', facebook: 'facebook', linkedin: 'linkedin' };

const NETWORK_NAMES: Record<Network, string> = {
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  youtube: 'YouTube',
  tiktok: 'TikTok',
};

/** NationBuilder attribute → Tract field path, for 422 `source.pointer`s. */
const FIELD_PATHS: Record<string, string> = {
  email: 'person.email',
  first_name: 'person.givenName',
  last_name: 'person.familyName',
  phone_number: 'person.phone',
  mobile_number: 'person.phone',
  language: 'person.language',
  zip: 'person.postalCode',
  address1: 'person.addressLines.0',
  address2: 'person.addressLines.1',
  address3: 'person.addressLines.2',
  city: 'person.locality',
  country_code: 'person.country',
  comment: 'comment',
  petition_id: 'petitionId',
  event_id: 'eventId',
  guests_count: 'guests',
  amount_in_cents: 'amount',
  employer: 'compliance.employer',
  occupation: 'compliance.occupation',
  content: 'note',
  support_level: 'supportLevel',
};

interface JsonApiError {
  detail?: string;
  title?: string;
  source?: { pointer?: string };
  meta?: { attribute?: string; code?: string; message?: string };
}

/** What NationBuilder answers: a JSON:API document, or a flat `{ code, message }` for other 4xx. */
interface JsonApiDocument {
  data?: unknown;
  errors?: JsonApiError[];
  code?: string;
  message?: string;
}

interface JsonApiResource {
  id: string;
  attributes: Record<string, unknown>;
}

/** The answer's JSON, or its text as the message when a proxy answered something else. */
function parseDocument(text: string): JsonApiDocument {
  if (!text) return {};
  try {
    return JSON.parse(text) as JsonApiDocument;
  } catch {
    return { message: text.slice(0, 200) };
  }
}

/** The id of the single resource a document carries. */
function resourceId(document: JsonApiDocument): string {
  return String((document.data as JsonApiResource).id);
}

/** A 422 that says the record exists already: a retried delivery, not a failure. */
class AlreadyRecorded extends Error {}

/** Tract `supportLevel` runs 1 (opposed) to 5 (strong supporter); NationBuilder's runs 1 (strong support) to 5 (strong opposition). */
export function nationBuilderSupportLevel(tractLevel: number): number {
  return 6 - tractLevel;
}

/**
 * A backend that records each action in a NationBuilder nation.
 * @param options the nation, its token, and how Tract's petitions and events map to the nation's
 */
export function nationBuilder(options: NationBuilderOptions): Backend {
  if (!options.token)
    throw new TractError(
      'invalid_option',
      'nationBuilder: "token" is empty; pass an API v2 access token (from an environment variable, never from code).',
    );
  if (!/^[a-z0-9][a-z0-9-]*$/.test(options.nation ?? '')) {
    throw new TractError(
      'invalid_option',
      `nationBuilder: "nation" must be the nation's slug (the "x" in x.nationbuilder.com), got ${JSON.stringify(options.nation)}.`,
    );
  }
  assertSecretStaysOnServer('nationBuilder', 'token', options.dangerouslyAllowBrowser);
  const root = new URL(options.baseUrl ?? `https://${options.nation}.nationbuilder.com/api/v2/`);
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  const rate = options.rateLimit ?? { limit: 250, windowMs: 10_000 };
  const limiter = SlidingWindowLimiter.forServer(rate.limit, rate.windowMs);
  const timeoutMs = options.timeoutMs ?? 15_000;
  /** Tag name → NationBuilder tag id; tags are few and never change id. */
  const tagIds = new Map<string, Promise<string>>();

  async function request(context: SendContext, method: string, path: string, body?: unknown): Promise<JsonApiDocument> {
    await limiter.acquire(context.signal);
    const doFetch = context.fetch ?? globalThis.fetch;
    const signals = [AbortSignal.timeout(timeoutMs), ...(context.signal ? [context.signal] : [])];
    let response: Response;
    try {
      response = await doFetch(new URL(path, root), {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: JSON_API,
          ...(body === undefined ? {} : { 'content-type': JSON_API }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.any(signals),
        redirect: 'error',
      });
    } catch (cause) {
      throw networkFailure('nationbuilder', cause);
    }
    if (response.status === 429) {
      const error = retryableResponse('nationbuilder', response);
      // Every request of this token waits, not just the one that was refused.
      limiter.pauseFor(error.retryAfterMs ?? rate.windowMs);
      await response.body?.cancel();
      throw error;
    }
    if (isRetryableStatus(response.status)) {
      await response.body?.cancel();
      throw retryableResponse('nationbuilder', response);
    }
    const text = await response.text();
    const document = parseDocument(text);
    if (response.ok) return document;
    throw refusal(response.status, document, path);
  }

  /** Upserts the person (email match) and returns the signup id. */
  async function pushPerson(context: SendContext, attributes: Record<string, unknown>): Promise<string> {
    return resourceId(await request(context, 'PATCH', 'signups/push', { data: { type: 'signups', attributes } }));
  }

  /** The tag's id, found or created once per backend (concurrent sends share the lookup). */
  function tagId(context: SendContext, name: string): Promise<string> {
    let id = tagIds.get(name);
    if (!id) {
      id = findOrCreateTag(context, name);
      tagIds.set(name, id);
      id.catch(() => tagIds.delete(name));
    }
    return id;
  }

  async function findTag(context: SendContext, name: string): Promise<string | undefined> {
    const found = await request(context, 'GET', `signup_tags?filter[name]=${encodeURIComponent(name)}`);
    return (found.data as JsonApiResource[]).find((tag) => tag.attributes.name === name)?.id;
  }

  async function findOrCreateTag(context: SendContext, name: string): Promise<string> {
    const existing = await findTag(context, name);
    if (existing) return existing;
    const created = await ignoreAlreadyRecorded(create(context, 'signup_tags', { name }));
    // Created by someone else between our lookup and our create: look again.
    const id = created ?? (await findTag(context, name));
    if (!id)
      throw new TractRejectedError({
        status: 422,
        code: 'rejected',
        message: `nationbuilder: the tag "${name}" can neither be found nor created.`,
      });
    return id;
  }

  async function tag(context: SendContext, signupId: string, names: readonly string[]): Promise<void> {
    for (const name of names) {
      const tag_id = await tagId(context, name);
      await ignoreAlreadyRecorded(
        request(context, 'POST', 'signup_taggings', { data: { type: 'signup_taggings', attributes: { signup_id: signupId, tag_id } } }),
      );
    }
  }

  /** The first record of `type` for this signup whose `field` carries the action's marker. */
  async function findMarked(
    context: SendContext,
    type: string,
    signupId: string,
    field: string,
    marker: string,
  ): Promise<string | undefined> {
    const found = await request(context, 'GET', `${type}?filter[signup_id]=${encodeURIComponent(signupId)}&page[size]=100`);
    const match = (found.data as JsonApiResource[]).find((record) => String(record.attributes[field] ?? '').includes(marker));
    return match?.id;
  }

  /**
   * Logs a contact on `signupId` for action `actionId` once: its content
   * carries the action's marker, and a retry finds the contact it names
   * instead of logging another.
   */
  async function contactOnce(
    context: SendContext,
    signupId: string,
    actionId: string,
    contact: (marker: string) => Record<string, unknown>,
  ): Promise<string> {
    const marker = `[tract:${actionId}]`;
    const existing = await findMarked(context, 'contacts', signupId, 'content', marker);
    if (existing) return existing;
    return create(context, 'contacts', {
      signup_id: signupId,
      ...(options.authorId ? { author_id: options.authorId } : {}),
      ...contact(marker),
    });
  }

  async function create(context: SendContext, type: string, attributes: Record<string, unknown>): Promise<string> {
    return resourceId(await request(context, 'POST', type, { data: { type, attributes } }));
  }

  function mapped(map: Record<string, string> | undefined, id: string, setting: 'petitions' | 'events'): string {
    const remote = map?.[id];
    if (remote) return remote;
    throw new TractRejectedError({
      status: 0,
      code: 'unmapped_id',
      setting,
      message: `nationbuilder: no NationBuilder id for the Tract ${setting === 'petitions' ? 'petition' : 'event'} "${id}"; add it to the "${setting}" option, e.g. ${setting}: { "${id}": "<NationBuilder id>" }.`,
    });
  }

  async function deliver(action: TractAction, context: SendContext): Promise<string | undefined> {
    switch (action.kind) {
      case 'signup': {
        const signupId = await pushPerson(context, personAttributes(action.data.person, action.data.consent));
        await tag(context, signupId, action.data.tags ?? []);
        return signupId;
      }
      case 'petition_signature': {
        const petitionId = mapped(options.petitions, action.data.petitionId, 'petitions');
        const signupId = await pushPerson(context, personAttributes(action.data.person, action.data.consent));
        await tag(context, signupId, action.data.tags ?? []);
        return ignoreAlreadyRecorded(
          create(context, 'petition_signatures', {
            petition_id: petitionId,
            signup_id: signupId,
            comment: action.data.comment ?? null,
            is_private: !action.data.isPublic,
          }),
        );
      }
      case 'rsvp': {
        const eventId = mapped(options.events, action.data.eventId, 'events');
        const { person } = action.data;
        const signupId = await pushPerson(context, personAttributes(person, action.data.consent));
        const tags = [...(action.data.tags ?? []), ...(action.data.status === 'maybe' ? [`rsvp-maybe-${action.data.eventId}`] : [])];
        await tag(context, signupId, tags);
        if (action.data.status === 'maybe') return signupId;
        return ignoreAlreadyRecorded(
          create(context, 'event_rsvps', {
            event_id: eventId,
            email: person.email,
            first_name: person.givenName ?? null,
            last_name: person.familyName ?? null,
            guests_count: action.data.guests,
            canceled: action.data.status === 'declined',
            private: true,
            volunteer: false,
          }),
        );
      }
      case 'donation': {
        const { data } = action;
        const signupId = await pushPerson(context, personAttributes(data.person, data.consent));
        await tag(context, signupId, data.tags ?? []);
        const marker = `tract:${action.id}`;
        const existing = await findMarked(context, 'donations', signupId, 'note', marker);
        if (existing) return existing;
        return create(context, 'donations', {
          signup_id: signupId,
          amount_in_cents: data.amount,
          email: data.person.email,
          first_name: data.person.givenName ?? null,
          last_name: data.person.familyName ?? null,
          employer: data.compliance.employer ?? null,
          occupation: data.compliance.occupation ?? null,
          payment_type_name: 'Tract pledge',
          pending_at: action.submittedAt,
          note: `${marker} ${data.recurrence} ${data.currency} pledge; compliance ${data.compliance.profile} (${data.compliance.textVersion}): ${data.compliance.attestations.join(', ')}`,
        });
      }
      case 'contact': {
        const { data } = action;
        const signupId = await pushPerson(context, {
          external_id: `tract-contact:${data.network}:${data.handle}`,
          first_name: data.displayName,
          ...(data.supportLevel === undefined ? {} : { support_level: nationBuilderSupportLevel(data.supportLevel) }),
        });
        await tag(context, signupId, data.tags ?? []);
        return contactOnce(context, signupId, action.id, (marker) => ({
          contact_method: data.interaction === 'met_in_person' ? 'face_to_face' : (CONTACT_METHODS[data.network] ?? 'other'),
          contact_status: 'meaningful_interaction',
          content: contactContent(marker, data),
        }));
      }
      case 'field_result': {
        const data = action.data as ForwardedFieldResult;
        if (!data.person) throw unforwardable('nationbuilder');
        const signupId = await pushPerson(context, {
          email: data.person.email,
          ...(data.supportLevel === undefined ? {} : { support_level: nationBuilderSupportLevel(data.supportLevel) }),
          ...(data.willVolunteer ? { is_volunteer: true } : {}),
          ...(data.outcome === 'do_not_call' ? { do_not_call: true } : {}),
        });
        return contactOnce(context, signupId, action.id, (marker) => ({
          contact_method: data.list?.kind === 'door' ? 'door_knock' : 'phone_call',
          contact_status: FIELD_CONTACT_STATUSES[data.outcome],
          content: fieldResultContent(marker, data),
        }));
      }
    }
  }

  /**
   * A confirmed payment sets the donation's `succeeded_at` (and the provider as
   * its payment type); a refund sets its `canceled_at`. The donation is the
   * pledge's, found by its Tract marker (recorded now if it never was).
   */
  async function recordPayment(event: DonationPaymentEvent, context: SendContext): Promise<string> {
    const donationId = (await deliver(event.donation, context))!;
    const attributes =
      event.kind === 'donation.paid'
        ? { succeeded_at: event.occurredAt, payment_type_name: event.payment.provider === 'stripe' ? 'Stripe' : 'HelloAsso' }
        : { canceled_at: event.occurredAt };
    return resourceId(
      await request(context, 'PATCH', `donations/${encodeURIComponent(donationId)}`, {
        data: { id: donationId, type: 'donations', attributes },
      }),
    );
  }

  return {
    name: 'nationbuilder',
    async send(action: TractAction, context: SendContext): Promise<Receipt> {
      const remoteId = await deliver(action, context);
      return { id: action.id, status: 'delivered', ...(remoteId ? { remoteId } : {}) };
    },
    async sendPaymentEvent(event: DonationPaymentEvent, context: SendContext): Promise<Receipt> {
      return { id: event.id, status: 'delivered', remoteId: await recordPayment(event, context) };
    },
  };
}

/** Signup attributes for a person. Opt-ins are only ever set to true: no consent is not a withdrawal. */
function personAttributes(person: Person, consent: Consent): Record<string, unknown> {
  const granted = new Set(consent.map((grant) => grant.purpose));
  const attributes: Record<string, unknown> = { email: person.email };
  if (person.givenName) attributes.first_name = person.givenName;
  if (person.familyName) attributes.last_name = person.familyName;
  if (person.phone) attributes.phone_number = person.phone;
  if (person.phone && granted.has('sms')) {
    attributes.mobile_number = person.phone;
    attributes.mobile_opt_in = true;
  }
  if (granted.has('email')) attributes.email_opt_in = true;
  if (person.language) attributes.language = person.language;
  if (person.postalCode || person.country || person.addressLines || person.locality) {
    const [address1, address2, address3] = person.addressLines ?? [];
    attributes.home_address_attributes = {
      ...(address1 ? { address1 } : {}),
      ...(address2 ? { address2 } : {}),
      ...(address3 ? { address3 } : {}),
      ...(person.locality ? { city: person.locality } : {}),
      ...(person.postalCode ? { zip: person.postalCode } : {}),
      ...(person.country ? { country_code: person.country } : {}),
    };
  }
  return attributes;
}

/** NationBuilder's `contact_status` for each field outcome (`call_back_later`: answered, but asked for another time). */
const FIELD_CONTACT_STATUSES: Record<FieldOutcome, string> = {
  answered: 'answered',
  no_answer: 'no_answer',
  voicemail: 'left_message',
  wrong_number: 'bad_info',
  call_back_later: 'other',
  do_not_call: 'refused',
};

/** The call or visit as an organizer reads it in NationBuilder, with the Tract id for dedupe. */
function fieldResultContent(marker: string, data: ForwardedFieldResult): string {
  return [
    `${marker} ${data.list ? `${data.list.name}: ` : ''}${data.outcome.replaceAll('_', ' ')}`,
    data.supportLevel === undefined ? '' : `Support level (Tract, 1-5): ${data.supportLevel}`,
    data.willVolunteer === undefined ? '' : `Will volunteer: ${data.willVolunteer ? 'yes' : 'no'}`,
    data.yardSign === undefined ? '' : `Yard sign: ${data.yardSign ? 'yes' : 'no'}`,
    data.note ? `Note: ${data.note}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** A field result that reached a CRM backend without its person: only the relay can forward one. */
function unforwardable(backend: string): TractRejectedError {
  return new TractRejectedError({
    status: 0,
    code: 'unsupported_action',
    message: `${backend}: a field result names its person only by a slice reference; the relay forwards it with the person attached.`,
  });
}

/** The logged interaction, readable by an organizer, with the Tract id for dedupe. */
function contactContent(marker: string, contact: Contact): string {
  return [
    `${marker} ${contact.interaction.replaceAll('_', ' ')} on ${NETWORK_NAMES[contact.network]} as @${contact.handle} (${contact.profileUrl})`,
    contact.postUrl ? `Post: ${contact.postUrl}` : '',
    contact.note ? `Note: ${contact.note}` : '',
    `Lawful basis: ${contact.lawfulBasis}; informed: ${contact.informed ? 'yes' : 'no'}; captured ${contact.capturedAt} from ${contact.sourcePageUrl}`,
    contact.revealsPoliticalOpinion ? 'Reveals a political opinion (GDPR art. 9): keep inside the campaign, never export.' : '',
  ]
    .filter(Boolean)
    .join('\n');
}

async function ignoreAlreadyRecorded(pending: Promise<unknown>): Promise<string | undefined> {
  try {
    const id = await pending;
    return typeof id === 'string' ? id : undefined;
  } catch (error) {
    if (error instanceof AlreadyRecorded) return undefined;
    throw error;
  }
}

/** A permanent answer as a Tract error: credentials name `token`, 422 pointers become Tract paths. */
function refusal(status: number, json: JsonApiDocument, path: string): Error {
  if (status === 401 || status === 403) {
    return new TractRejectedError({
      status,
      code: 'unauthorized',
      setting: 'token',
      message: `nationbuilder: the token was refused (HTTP ${status}: ${json.message ?? json.code ?? 'no reason given'}); renew it or check its scopes, then set "token" again.`,
    });
  }
  if (status === 422 && Array.isArray(json.errors)) {
    const errors = json.errors;
    if (errors.every((error) => error.meta?.code === 'taken')) return new AlreadyRecorded();
    const issues: FieldIssue[] = errors.map((error) => {
      const attribute = error.source?.pointer?.split('/').pop() ?? error.meta?.attribute ?? '';
      return { path: FIELD_PATHS[attribute] ?? '', code: 'invalid_input', message: error.detail ?? error.title ?? 'invalid' };
    });
    return new TractRejectedError({
      status,
      code: 'rejected',
      issues,
      message: `nationbuilder: ${path.split('?')[0]} refused the record: ${issues.map((issue) => `${issue.path || '(record)'}: ${issue.message}`).join('; ')}`,
    });
  }
  return new TractRejectedError({
    status,
    code: json.code === 'not_found' ? 'not_found' : 'rejected',
    message: `nationbuilder: ${path.split('?')[0]} answered HTTP ${status}: ${json.message ?? json.code ?? 'no reason given'}`,
  });
}
