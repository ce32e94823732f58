/** PLACEHOLDER: being implemented (see the issue); the signature is final. */
import type { Backend } from '../backend.js';

export interface ActionNetworkOptions {
  baseUrl?: string;
  [option: string]: unknown;
}

export function actionNetwork(_options: ActionNetworkOptions): Backend {
  throw new Error('actionNetwork(): not implemented yet');
}
