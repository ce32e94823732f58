import { describe, expect, it } from 'vitest';
import { contactInput, donationInput, fieldResultInput, petitionInput, rsvpInput, signupInput } from '../../test/fixtures.js';
import type { ActionKind } from './envelope.js';
import { preloadValidation, validateActionOnDemand } from './on-demand.js';
import { validateAction } from './validate.js';

const VALID: Record<ActionKind, () => unknown> = {
  signup: signupInput,
  petition_signature: petitionInput,
  rsvp: rsvpInput,
  donation: donationInput,
  contact: contactInput,
  field_result: fieldResultInput,
};

/** Each fixture broken in ways that raise several codes at once: an unknown field, a bad email, a wrong type. */
const broken = (input: unknown) => ({ ...(input as object), extra: 1, person: { email: 'pas-une-adresse' }, tags: 'oops' });

describe('validateActionOnDemand: the same verdict as validateAction, kind by kind', () => {
  for (const kind of Object.keys(VALID) as ActionKind[]) {
    it(`${kind}: same normalised data for valid input, same issues and French messages for invalid input`, async () => {
      const valid = VALID[kind]();
      expect(await validateActionOnDemand(kind, valid)).toEqual(validateAction(kind, valid));
      const invalid = broken(valid);
      const onDemand = await validateActionOnDemand(kind, invalid, 'fr-CA');
      expect(onDemand.ok).toBe(false);
      expect(onDemand).toEqual(validateAction(kind, invalid, 'fr-CA'));
    });
  }

  it('preloadValidation loads what it names: a donation then validates in French', async () => {
    await preloadValidation(['donation'], 'fr');
    const result = await validateActionOnDemand('donation', { ...donationInput(), amount: 0 }, 'fr');
    expect(result.ok ? [] : result.issues.map((issue) => [issue.path, issue.code, issue.message])).toEqual([
      ['amount', 'too_small', 'Saisissez un nombre supérieur ou égal à 1.'],
    ]);
  });
});
