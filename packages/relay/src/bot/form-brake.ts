/**
 * The per-form brake. A form (the signup form, the donation form, one
 * petition, one event) that takes more than `rateLimits.perForm` submissions
 * in a window turns hot, for that window and the next: its challenges then
 * cost `challenge.hotCostFactor` times the work, and a submission solved at
 * the lower cost is refused with 403 `challenge_failed`, which clients answer
 * by fetching the form's challenge and solving it. A flood slows down; real
 * signers pay more work and still get through.
 *
 * Only submissions that proved their work and passed validation count, so no
 * one heats a form without paying for every submission that does. With
 * challenges switched off there is no work to raise: past the limit the form
 * answers 429, still counting valid submissions only.
 */
import type { ActionKind } from '@tract/sdk/schema';
import type { RelayContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { chargeOrRefuse } from '../http/rate-limit.js';

/** The form a public action is posted to: `signup`, `donation`, `petition_signature:<id>` or `rsvp:<id>`. */
export function formKey(kind: ActionKind, targetId: string | null): string {
  return targetId === null ? kind : `${kind}:${targetId}`;
}

/**
 * The form `GET /v1/challenge?form=` names, checked against the configuration:
 * 400 for a malformed value, 404 for a petition or event the relay does not
 * have (as posting to it would answer). Undefined when no form is named.
 */
export function challengeForm(ctx: RelayContext, raw: string | undefined, locale: string): string | undefined {
  if (raw === undefined) return undefined;
  const [kind, id, ...rest] = raw.split(':');
  const known =
    rest.length === 0 &&
    (((kind === 'signup' || kind === 'donation') && id === undefined) || ((kind === 'petition_signature' || kind === 'rsvp') && !!id));
  if (!known) {
    const message = locale.startsWith('fr')
      ? 'form vaut signup, donation, petition_signature:<identifiant de la pétition> ou rsvp:<identifiant de l’événement>.'
      : 'form is one of signup, donation, petition_signature:<petition id> or rsvp:<event id>.';
    throw new HttpError(400, 'invalid_input', { issues: [{ path: 'form', code: 'invalid_choice', message }] });
  }
  const exists =
    kind === 'signup' ||
    (kind === 'donation' && ctx.config.donations !== undefined) ||
    (kind === 'petition_signature' && ctx.config.petitions.some((p) => p.id === id)) ||
    (kind === 'rsvp' && ctx.config.events.some((e) => e.id === id));
  if (!exists) throw new HttpError(404, 'not_found');
  return raw;
}

function isHot(ctx: RelayContext, counts: { current: number; previous: number }): boolean {
  const limit = ctx.config.rateLimits.perForm;
  return counts.current > limit || counts.previous > limit;
}

/** The proof-of-work cost `form` asks for now (the base cost when no form is named). */
export async function challengeCost(ctx: RelayContext, form: string | undefined): Promise<number> {
  const { cost, hotCostFactor } = ctx.config.challenge;
  if (form === undefined) return cost;
  return isHot(ctx, await ctx.limits.perForm.read(form)) ? cost * hotCostFactor : cost;
}

/** Counts one submission that proved its work and passed validation. */
export async function countSubmission(ctx: RelayContext, form: string): Promise<void> {
  if (ctx.config.challenge.enabled) await ctx.limits.perForm.add(form, 1);
  else await chargeOrRefuse(ctx.limits.perForm, form, 1, ctx.config.rateLimits.perForm);
}
