/**
 * Test support: stores actions and their outbox rows exactly as the relay's
 * contract in `src/db/README.md` describes, so the worker can be tested
 * without the HTTP layer.
 */
import { randomUUID } from 'node:crypto';
import type { TractAction } from '@tract/sdk';
import type { Person } from '@tract/sdk/schema';
import type { Kysely } from 'kysely';
import { pendingDelivery } from '../../actions/rows.js';
import { personColumns } from '../../confirmation/person-fields.js';
import type { HashKey } from '../../db/hash-key.js';
import type { Database } from '../../db/schema.js';

const FAR_FUTURE = '2099-01-01T00:00:00.000Z';

/** Stores `action` (and its person, when it has one) with a pending outbox row. Returns the outbox id. */
export async function storeForForwarding(
  db: Kysely<Database>,
  hashKey: HashKey,
  action: TractAction,
  backend: string,
  now = new Date(),
): Promise<string> {
  const at = now.toISOString();
  const data = action.data as { person?: Person };
  let personId: string | null = null;
  if (data.person) {
    const existing = await db.selectFrom('people').select('id').where('email', '=', data.person.email).executeTakeFirst();
    personId = existing?.id ?? randomUUID();
    if (!existing) {
      await db
        .insertInto('people')
        .values({
          id: personId,
          email: data.person.email,
          email_hash: hashKey.emailHash(data.person.email),
          ...personColumns(data.person),
          created_at: at,
          updated_at: at,
          expires_at: FAR_FUTURE,
        })
        .execute();
    }
  }
  const target =
    (action.data as { petitionId?: string; eventId?: string }).petitionId ?? (action.data as { eventId?: string }).eventId ?? null;
  await db
    .insertInto('actions')
    .values({
      id: action.id,
      kind: action.kind,
      person_id: personId,
      target_id: target,
      status: 'accepted',
      data: JSON.stringify(action.data),
      amount_minor: null,
      period: null,
      seats: null,
      origin: null,
      created_at: action.submittedAt,
      expires_at: FAR_FUTURE,
    })
    .execute();
  const delivery = pendingDelivery(action.id, backend, now);
  await db.insertInto('outbox').values(delivery).execute();
  return delivery.id;
}
