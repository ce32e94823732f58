/**
 * Idempotency: the first answer to a key is stored with a hash of its request
 * and replayed to every retry; a different request under the same key is a
 * conflict. Concurrent requests with one key wait for the first one, so a key
 * is never written twice.
 */
import { type Kysely, sql } from 'kysely';
import { BatchedLookup } from '../db/batched-lookup.js';
import { sha256 } from '../db/hash.js';
import type { Database } from '../db/schema.js';

/** The answer stored for a key. */
export interface StoredResponse {
  status: number;
  body: Record<string, unknown>;
}

export type IdempotencyCheck =
  | { kind: 'new'; release(outcome: StoredResponse | undefined): void }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'conflict' };

/** JSON with object keys sorted, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i > 0 ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return `${text}]`;
  }
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // Keys in code-unit order (what `<` compares), as before; built without intermediate arrays of entries.
    const keys = Object.keys(object).sort();
    let text = '{';
    for (let i = 0; i < keys.length; i++) text += `${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:${canonicalJson(object[keys[i]!])}`;
    return `${text}}`;
  }
  return JSON.stringify(value);
}

/** Hash of a request: its route and its body without the `bot` member. */
export function requestHash(route: string, body: Record<string, unknown>): string {
  const { bot: _bot, ...rest } = body;
  return sha256(`${route}\n${canonicalJson(rest)}`);
}

interface InFlight {
  hash: string;
  done: Promise<StoredResponse | undefined>;
}

interface IdempotencyRow {
  key: string;
  /** Null when only the action remains: its idempotency record expired before it. */
  request_hash: string | null;
  status_code: number;
  response_body: string;
}

export class IdempotencyGate {
  private inFlight = new Map<string, InFlight>();
  private records: BatchedLookup<IdempotencyRow>;

  /** `db` is where committed records are read: see `readerOf`. */
  constructor(db: Kysely<Database>) {
    this.records = new BatchedLookup(async (keys) => {
      // One statement, so one snapshot: an action and its record commit together, and an action read
      // without its record means the record expired. The key is the action's id: a retry arriving
      // after its record expired must not store it twice, and without the record the first body is unknown.
      // Written as SQL rather than with the query builder, which cost 1.5 % of the relay's time under load.
      const list = sql.join(keys);
      const { rows } = await sql<IdempotencyRow>`
        select key, request_hash, status_code, response_body from idempotency_records where key in (${list})
        union all
        select id, null, 0, '' from actions where id in (${list})`.execute(db);
      const found = new Map<string, IdempotencyRow>();
      // The record, when there is one, tells a retry from a reuse of the key.
      for (const row of rows) if (row.request_hash !== null || !found.has(row.key)) found.set(row.key, row);
      return found;
    });
  }

  /**
   * Claims `key` for a request with `hash`. A `new` claim must be released with
   * the stored answer (or undefined when nothing was stored) once the request ends.
   */
  async check(key: string, hash: string): Promise<IdempotencyCheck> {
    for (;;) {
      const running = this.inFlight.get(key);
      if (!running) break;
      // Another request holds this key: its outcome decides ours.
      await running.done;
    }
    let release!: (outcome: StoredResponse | undefined) => void;
    const done = new Promise<StoredResponse | undefined>((resolve) => {
      release = resolve;
    });
    // Claimed synchronously after the wait, before any await, so no other request slips in.
    this.inFlight.set(key, { hash, done });
    const finish = (outcome: StoredResponse | undefined) => {
      this.inFlight.delete(key);
      release(outcome);
    };
    let row: IdempotencyRow | undefined;
    try {
      row = await this.records.get(key);
    } catch (error) {
      finish(undefined);
      throw error;
    }
    if (!row) return { kind: 'new', release: finish };
    finish(undefined);
    // Without the record the first body is unknown, so a late retry cannot be told from a reuse.
    if (row.request_hash !== hash) return { kind: 'conflict' };
    return { kind: 'replay', response: { status: row.status_code, body: JSON.parse(row.response_body) as Record<string, unknown> } };
  }
}
