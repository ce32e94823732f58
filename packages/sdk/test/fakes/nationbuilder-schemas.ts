/**
 * Request-body validators compiled from the NationBuilder v2 OpenAPI 3.1
 * description in `shared/fixtures/crm/nationbuilder-v2/openapi/` (one
 * file per resource). Each file is registered whole with ajv (JSON Schema
 * 2020-12, OpenAPI 3.1's dialect) under its own `$id`, so the `$ref`s inside
 * it resolve against it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { CRM_FIXTURES_DIR } from './fixtures.js';

export const NATIONBUILDER_OPENAPI_DIR = join(CRM_FIXTURES_DIR, 'nationbuilder-v2/openapi');

/** Resource → the file that describes it. */
const FILES = {
  signups: 'nationbuilder-signups-api-openapi.yml',
  signup_tags: 'nationbuilder-signup-tags-api-openapi.yml',
  signup_taggings: 'nationbuilder-signup-taggings-api-openapi.yml',
  petition_signatures: 'nationbuilder-petition-signatures-api-openapi.yml',
  event_rsvps: 'nationbuilder-event-rsvps-api-openapi.yml',
  donations: 'nationbuilder-donations-api-openapi.yml',
  contacts: 'nationbuilder-contacts-api-openapi.yml',
} as const;

export type NationBuilderResource = keyof typeof FILES;

interface OpenApiDocument {
  components: {
    requestBodies: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    schemas: Record<string, { properties?: Record<string, { examples?: unknown[] }> }>;
  };
  paths: Record<string, Record<string, { requestBody?: { $ref?: string } }>>;
}

/** What the fake checks a write against: the spec's schema, and the attributes the resource declares. */
export interface ResourceSpec {
  validate: ValidateFunction;
  /** `PATCH /api/v2/<resource>/{id}`'s body, where the spec describes one (`<resource>_update_request`). */
  validateUpdate?: ValidateFunction;
  /** Attribute names the spec declares writable; NationBuilder answers 400 to any other. */
  writableAttributes: Set<string>;
  /** Each writable attribute's first example in the spec, for testing the fake against the spec itself. */
  exampleAttributes: Record<string, unknown>;
}

/** The singular resource name the spec's component schemas use. */
const SINGULAR: Record<NationBuilderResource, string> = {
  signups: 'signup',
  signup_tags: 'signup_tag',
  signup_taggings: 'signup_tagging',
  petition_signatures: 'petition_signature',
  event_rsvps: 'event_rsvp',
  donations: 'donation',
  contacts: 'contact',
};

/** One spec per resource for `POST /api/v2/<resource>` (and `PATCH signups/push`), loaded from the OpenAPI files. */
export function loadNationBuilderSpecs(): Record<NationBuilderResource, ResourceSpec> {
  loaded ??= compileSpecs();
  return loaded;
}

let loaded: Record<NationBuilderResource, ResourceSpec> | undefined;

function compileSpecs(): Record<NationBuilderResource, ResourceSpec> {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const specs = {} as Record<NationBuilderResource, ResourceSpec>;
  for (const [resource, file] of Object.entries(FILES) as [NationBuilderResource, string][]) {
    const document = parse(readFileSync(join(NATIONBUILDER_OPENAPI_DIR, file), 'utf8')) as OpenApiDocument;
    const id = `https://tract.test/nationbuilder/${resource}.json`;
    ajv.addSchema({ ...document, $id: id });
    const path = resource === 'signups' ? '/api/v2/signups/push' : `/api/v2/${resource}`;
    const operation = resource === 'signups' ? document.paths[path]?.patch : document.paths[path]?.post;
    const bodyRef = operation?.requestBody?.$ref;
    if (!bodyRef) throw new Error(`${file}: no request body for ${path}`);
    const requestBody = document.components.requestBodies[bodyRef.split('/').pop() as string];
    const media = requestBody?.content['application/vnd.api+json'] ?? requestBody?.content['application/json'];
    if (!media) throw new Error(`${file}: ${bodyRef} has no JSON:API content`);
    const writable = ['read_write_attributes', 'write_only_attributes'].flatMap((suffix) =>
      Object.entries(document.components.schemas[`${SINGULAR[resource]}_${suffix}`]?.properties ?? {}),
    );
    const exampleAttributes = Object.fromEntries(
      writable.filter(([, property]) => property.examples?.length).map(([name, property]) => [name, property.examples?.[0]]),
    );
    const update = `${SINGULAR[resource]}_update_request`;
    specs[resource] = {
      validate: ajv.compile({ $ref: `${id}${media.schema.$ref}` }),
      ...(document.components.schemas[update] ? { validateUpdate: ajv.compile({ $ref: `${id}#/components/schemas/${update}` }) } : {}),
      writableAttributes: new Set(writable.map(([name]) => name)),
      exampleAttributes,
    };
  }
  return specs;
}
