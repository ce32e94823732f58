/**
 * The three CRM backends refuse a secret in a browser, where every visitor
 * could read it, and stay usable there without one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { actionNetwork } from './action-network.js';
import { nationBuilder } from './nationbuilder.js';
import { webhook } from './webhook.js';

const realProcess = globalThis.process;
const hadDocument = 'document' in globalThis;

/** Runs `check` synchronously in what `isBrowserLike()` sees as a page: a `document` and no Node `process`. */
function inBrowser(check: () => void): void {
  Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
  Object.defineProperty(globalThis, 'document', { value: {}, configurable: true, writable: true });
  try {
    check();
  } finally {
    Object.defineProperty(globalThis, 'process', { value: realProcess, configurable: true, writable: true });
    if (!hadDocument) Reflect.deleteProperty(globalThis, 'document');
  }
}

afterEach(() => {
  expect(globalThis.process).toBe(realProcess);
});

describe('secrets stay on servers', () => {
  it('webhook: signed is server-only, unsigned works in a page', () => {
    inBrowser(() => {
      expect(() => webhook({ url: 'https://hooks.example/x', secret: 'shh-0123456789' })).toThrow(/"secret" option is a secret/);
      expect(webhook({ url: 'https://hooks.example/x' }).name).toBe('webhook');
      expect(webhook({ url: 'https://hooks.example/x', secret: 'shh-0123456789', dangerouslyAllowBrowser: true }).name).toBe('webhook');
    });
  });

  it('nationBuilder is always server-only', () => {
    inBrowser(() => {
      expect(() => nationBuilder({ nation: 'demo', token: 'nb-token' })).toThrow(/"token" option is a secret/);
    });
  });

  it('actionNetwork: with a key server-only, without one usable in a page', () => {
    inBrowser(() => {
      expect(() => actionNetwork({ apiKey: 'an-key' })).toThrow(/"apiKey" option is a secret/);
      expect(actionNetwork({ petitions: { p: '1' } }).name).toBe('actionnetwork');
    });
  });

  it('all three build on a server', () => {
    expect(webhook({ url: 'https://hooks.example/x', secret: 'shh-0123456789' }).name).toBe('webhook');
    expect(nationBuilder({ nation: 'demo', token: 'nb-token' }).name).toBe('nationbuilder');
    expect(actionNetwork({ apiKey: 'an-key' }).name).toBe('actionnetwork');
  });
});
