/**
 * A person as the `people` table stores it, and back. The record holds what
 * a confirmed channel vouched for; an action's person is only what that
 * submission typed. These helpers say which typed fields differ from the
 * record, and what the record becomes once the person confirms them.
 */
import type { Person } from '@tract/sdk/schema';
import type { PeopleTable, PersonRow } from '../db/schema.js';

/** The person columns of the record (everything but the email, its hash and the timestamps). */
export type PersonColumns = Pick<
  PeopleTable,
  'given_name' | 'family_name' | 'phone' | 'address_lines' | 'locality' | 'postal_code' | 'country' | 'language'
>;

export const PERSON_COLUMNS: readonly (keyof PersonColumns)[] = [
  'given_name',
  'family_name',
  'phone',
  'address_lines',
  'locality',
  'postal_code',
  'country',
  'language',
];

/** The column each person field (but the email) is stored in. */
export const COLUMN_OF_FIELD: Readonly<Record<Exclude<keyof Person, 'email'>, keyof PersonColumns>> = {
  givenName: 'given_name',
  familyName: 'family_name',
  phone: 'phone',
  addressLines: 'address_lines',
  locality: 'locality',
  postalCode: 'postal_code',
  country: 'country',
  language: 'language',
};

/** The columns a person's fields fill (null where the person left a field out). */
export function personColumns(person: Person): PersonColumns {
  return {
    given_name: person.givenName ?? null,
    family_name: person.familyName ?? null,
    phone: person.phone ?? null,
    address_lines: person.addressLines ? JSON.stringify(person.addressLines) : null,
    locality: person.locality ?? null,
    postal_code: person.postalCode ?? null,
    country: person.country ?? null,
    language: person.language ?? null,
  };
}

/** The columns whose submitted value differs from the record's; fields the submission left out never count. */
export function changedColumns(record: PersonRow, person: Person): (keyof PersonColumns)[] {
  const submitted = personColumns(person);
  return PERSON_COLUMNS.filter((column) => submitted[column] !== null && submitted[column] !== record[column]);
}

/** What confirming `person` writes to the record: every field it gave; the others stay. */
export function confirmedColumns(person: Person): Partial<PersonColumns> {
  const submitted = personColumns(person);
  return Object.fromEntries(PERSON_COLUMNS.filter((column) => submitted[column] !== null).map((c) => [c, submitted[c]]));
}

/** The record as a person, the shape actions and CRMs use. */
export function personOfRecord(record: PersonRow): Person {
  const person: Person = { email: record.email };
  if (record.given_name !== null) person.givenName = record.given_name;
  if (record.family_name !== null) person.familyName = record.family_name;
  if (record.phone !== null) person.phone = record.phone;
  if (record.address_lines !== null) person.addressLines = JSON.parse(record.address_lines) as string[];
  if (record.locality !== null) person.locality = record.locality;
  if (record.postal_code !== null) person.postalCode = record.postal_code;
  if (record.country !== null) person.country = record.country;
  if (record.language !== null) person.language = record.language;
  return person;
}
