/** PLACEHOLDER: being implemented (see the issue); the signature is final. */
import type { Backend } from '../backend.js';

export interface NationBuilderOptions {
  baseUrl?: string;
  [option: string]: unknown;
}

export function nationBuilder(_options: NationBuilderOptions): Backend {
  throw new Error('nationBuilder(): not implemented yet');
}
