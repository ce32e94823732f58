/** Every migration, in order. Append only: a released migration never changes. */
import type { Kysely } from 'kysely';
import * as initial from './001-initial.js';
import * as tokenLifecycle from './002-token-lifecycle.js';
import * as confirmedRecords from './003-confirmed-records.js';
import * as sharedCounters from './004-shared-counters.js';
import * as consoleTables from './005-console.js';
import * as field from './006-field.js';
import * as payments from './007-payments.js';
import * as partialIndexes from './008-partial-indexes.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: initial.up },
  { version: 2, name: 'token-lifecycle', up: tokenLifecycle.up },
  { version: 3, name: 'confirmed-records', up: confirmedRecords.up },
  { version: 4, name: 'shared-counters', up: sharedCounters.up },
  { version: 5, name: 'console', up: consoleTables.up },
  { version: 6, name: 'field', up: field.up },
  { version: 7, name: 'payments', up: payments.up },
  { version: 8, name: 'partial-indexes', up: partialIndexes.up },
];
