/**
 * The proof-of-work solver, run in a Web Worker so the page never stutters
 * while a person types. Shipped as its own file (`tract-challenge-worker.js`)
 * so it loads under `script-src 'self'` without a blob: URL.
 */
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import type { Challenge } from 'altcha-lib/types';

self.onmessage = async (message: MessageEvent<Challenge>) => {
  try {
    const solution = await solveChallenge({ challenge: message.data, deriveKey });
    self.postMessage({ solution });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
