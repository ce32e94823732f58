/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { fetchAndSolve } from './challenge.js';

interface Payload {
  challenge: { parameters: { algorithm: string; keyPrefix: string } };
  solution: { counter: number; derivedKey: string };
}

const decode = (payload: string) => JSON.parse(atob(payload)) as Payload;

describe('proof of work', () => {
  it('fetches the relay’s challenge and solves it in the worker', async () => {
    const created: string[] = [];
    const RealWorker = window.Worker;
    window.Worker = class extends RealWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        created.push(String(url));
      }
    };
    try {
      const { challenge, solution } = decode(await fetchAndSolve(location.origin, 'signup'));
      expect(challenge.parameters.algorithm).to.equal('PBKDF2/SHA-256');
      expect(solution.derivedKey.startsWith(challenge.parameters.keyPrefix)).to.equal(true);
      expect(created).to.have.length(1);
      expect(created[0]).to.match(/\/tract-challenge-worker\.js$/);
    } finally {
      window.Worker = RealWorker;
    }
  });

  it('solves in the page when no worker may run (widgets loaded from another origin)', async () => {
    const RealWorker = window.Worker;
    window.Worker = class {
      constructor() {
        throw new DOMException('Script at another origin cannot be accessed from this origin.', 'SecurityError');
      }
    } as unknown as typeof Worker;
    try {
      const { challenge, solution } = decode(await fetchAndSolve(location.origin, 'signup'));
      expect(solution.derivedKey.startsWith(challenge.parameters.keyPrefix)).to.equal(true);
      expect(solution.counter).to.be.a('number');
    } finally {
      window.Worker = RealWorker;
    }
  });
});
