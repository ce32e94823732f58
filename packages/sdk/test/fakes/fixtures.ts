/**
 * Where the CRM reference material lives: `shared/fixtures/crm/` beside the
 * repository (CI lays `shared/` next to its clone), or $TRACT_CRM_FIXTURES.
 */
import { fileURLToPath } from 'node:url';

export const CRM_FIXTURES_DIR =
  process.env.TRACT_CRM_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures/crm/', import.meta.url));
