/** What the relay adds to a field result it forwards: the person behind `ref` (from its record) and the list. */
import type { ForwardedFieldResult } from '@tract/sdk/schema';
import type { Kysely } from 'kysely';
import type { Database, PersonRow } from '../db/schema.js';

export async function fieldResultContext(
  db: Kysely<Database>,
  record: PersonRow,
  ref: unknown,
): Promise<Pick<ForwardedFieldResult, 'person' | 'list'>> {
  const person: NonNullable<ForwardedFieldResult['person']> = { email: record.email };
  if (record.given_name !== null) person.givenName = record.given_name;
  if (record.family_name !== null) person.familyName = record.family_name;
  if (record.phone !== null) person.phone = record.phone;
  const list =
    typeof ref === 'string'
      ? await db
          .selectFrom('field_members')
          .innerJoin('field_lists', 'field_lists.id', 'field_members.list_id')
          .select(['field_lists.id', 'field_lists.name', 'field_lists.kind'])
          .where('field_members.id', '=', ref)
          .executeTakeFirst()
      : undefined;
  return { person, ...(list ? { list } : {}) };
}
