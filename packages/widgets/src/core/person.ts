/** The person behind an action, read from the form's `person.*` inputs. */

/** Person fields a form may show, by their attribute names. */
export type PersonField = 'given-name' | 'family-name' | 'email' | 'phone' | 'postal-code';

const PERSON_FIELDS = {
  givenName: 'given-name',
  familyName: 'family-name',
  email: 'email',
  phone: 'phone',
  postalCode: 'postal-code',
} as const satisfies Record<string, PersonField>;

/**
 * The person from the form's `person.*` inputs. An empty optional field is
 * left out; an empty required one is kept as "" so validation names it.
 */
export function personFrom(values: FormData, language: string, isRequired: (field: PersonField) => boolean = (f) => f === 'email') {
  const person: Record<string, string> = { language };
  for (const [key, field] of Object.entries(PERSON_FIELDS)) {
    const value = values.get(`person.${key}`);
    if (value === null) continue;
    if (String(value).trim() || isRequired(field)) person[key] = String(value);
  }
  return person;
}
