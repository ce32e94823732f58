/**
 * JSON Schema (draft 2020-12) for every action, from zod's own conversion, so
 * backends written in other languages validate the same contract. Kept out of
 * the main entry so browser bundles never carry it.
 */
import * as z from 'zod/mini';
import { type ActionKind, actionSchemas } from './envelope.js';

/** The JSON Schema of the request body for each action kind, as the relay accepts it. */
export function actionJsonSchemas(): Record<ActionKind, Record<string, unknown>> {
  const out = {} as Record<ActionKind, Record<string, unknown>>;
  for (const [kind, schema] of Object.entries(actionSchemas) as [ActionKind, z.ZodMiniType][]) {
    out[kind] = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  }
  return out;
}
