/** PLACEHOLDER: being implemented (see the issue); the signature is final. */
import type { Backend } from '../backend.js';

export interface RelayOptions {
  baseUrl?: string;
  [option: string]: unknown;
}

export function relay(_options: RelayOptions): Backend {
  throw new Error('relay(): not implemented yet');
}
