/**
 * Anti-bot proof of work, solved ahead of time. As soon as a form appears it
 * fetches the relay's challenge and solves it in a Web Worker; by the time the
 * person submits, the answer is usually ready, so nobody waits on a puzzle.
 */
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import type { Challenge, Solution } from 'altcha-lib/types';

/**
 * Where the worker file lives: next to the script that loaded the widgets.
 * Evaluated once at load time, when a classic script still knows its own URL.
 */
const WORKER_URL = workerUrlNextToScript();

/** The worker's address; empty when the script's own address is unknown (e.g. evaluated from a string). */
function workerUrlNextToScript(): string {
  try {
    return new URL('./tract-challenge-worker.js', import.meta.url).href;
  } catch {
    return '';
  }
}

interface ScriptUrlPolicy {
  createScriptURL(url: string): string;
}
let policy: ScriptUrlPolicy | undefined;

/**
 * The worker URL as a Trusted Types script URL, so the widgets run on pages
 * with `require-trusted-types-for 'script'`. The policy vouches for one URL only.
 */
function trustedWorkerUrl(): string {
  const trustedTypes = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: ScriptUrlPolicy): ScriptUrlPolicy } })
    .trustedTypes;
  if (!trustedTypes) return WORKER_URL;
  policy ??= trustedTypes.createPolicy('tract-widgets', {
    createScriptURL(url) {
      if (url !== WORKER_URL) throw new TypeError(`tract-widgets only loads its own worker, not ${url}`);
      return url;
    },
  });
  return policy.createScriptURL(WORKER_URL);
}

/** Solves one challenge in a worker. Rejects if the worker cannot run (e.g. widgets served from another origin). */
function solveInWorker(challenge: Challenge): Promise<Solution> {
  return new Promise((resolve, reject) => {
    if (!WORKER_URL)
      throw new Error('tract-widgets: load the widgets from a script file so they can find tract-challenge-worker.js next to it.');
    const worker = new Worker(trustedWorkerUrl(), { type: 'module' });
    worker.onmessage = (message: MessageEvent<{ solution?: Solution | null; error?: string }>) => {
      worker.terminate();
      if (message.data.solution) resolve(message.data.solution);
      else reject(new Error(`The proof-of-work could not be solved: ${message.data.error ?? 'timeout'}`));
    };
    worker.onerror = (event) => {
      worker.terminate();
      event.preventDefault();
      reject(new Error('The proof-of-work worker could not start.'));
    };
    worker.postMessage(challenge);
  });
}

/**
 * Solves in a worker when the page allows one, else in the page itself: a
 * worker must come from the page's origin, and a webmaster may load the
 * widgets from the relay's. WebCrypto derives the keys off the main thread
 * either way, so the page stays responsive.
 */
async function solve(challenge: Challenge): Promise<Solution> {
  try {
    return await solveInWorker(challenge);
  } catch {
    const solution = await solveChallenge({ challenge, deriveKey });
    if (!solution) throw new Error('The proof-of-work could not be solved in time.');
    return solution;
  }
}

/** The relay's `bot.challenge` payload: base64 JSON of the challenge and its solution. */
export function encodeSolution(challenge: Challenge, solution: Solution): string {
  return btoa(JSON.stringify({ challenge, solution }));
}

/**
 * Solves a challenge the relay issued and returns the `bot.challenge` payload.
 * This is the SDK `relay()` backend's `solveChallenge` option, used when a
 * queued submission is replayed and needs a fresh challenge.
 */
export async function solveChallengePayload(challenge: unknown): Promise<string> {
  return encodeSolution(challenge as Challenge, await solve(challenge as Challenge));
}

/**
 * Fetches the challenge of `form` (`signup`, `petition_signature:<id>`, ...)
 * from `endpoint` and solves it off the main thread. A busy form's challenge
 * asks more work, and a cheaper one would be refused.
 */
export async function fetchAndSolve(endpoint: string, form: string): Promise<string> {
  const response = await fetch(`${endpoint}/v1/challenge?form=${encodeURIComponent(form)}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /v1/challenge answered ${response.status}`);
  return solveChallengePayload(await response.json());
}

/**
 * Keeps one solved challenge ready for a form. `take()` hands it over (waiting
 * only if the person was faster than the worker) and starts solving the next.
 */
export class ChallengeSolver {
  #endpoint: string;
  #form: string;
  #next: Promise<string> | undefined;

  /** `form` as `GET /v1/challenge?form=` names it. */
  constructor(endpoint: string, form: string) {
    this.#endpoint = endpoint;
    this.#form = form;
  }

  /** Starts solving in the background if nothing is ready or in progress. */
  prepare(): void {
    if (this.#next) return;
    this.#next = fetchAndSolve(this.#endpoint, this.#form);
    // A failure here is reported when the payload is taken, not as an unhandled rejection.
    this.#next.catch(() => undefined);
  }

  /** A solved payload (each is spent once by the relay), then prepares another. */
  async take(): Promise<string> {
    this.prepare();
    const next = this.#next!;
    this.#next = undefined;
    try {
      return await next;
    } finally {
      this.prepare();
    }
  }
}
