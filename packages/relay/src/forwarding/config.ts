/**
 * The `backend` section of `tract.config.json`: a discriminated union on
 * `type`. Only `local` (keep actions in the relay's own database) exists so
 * far; the forwarding engineer adds `webhook`, `actionnetwork` and
 * `nationbuilder` with their options here.
 */
import * as z from 'zod/mini';

export const localBackendConfigSchema = z.strictObject({ type: z.literal('local') });

export const backendConfigSchema = z.discriminatedUnion('type', [localBackendConfigSchema]);

export type BackendConfig = z.infer<typeof backendConfigSchema>;
