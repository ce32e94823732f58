/** Whose address the per-IP limits count: only the configured proxies are believed. */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../test-support/relay.js';
import { clientAddressResolver, rateLimitKey, trustProxyProblem } from './client-address.js';

describe('clientAddressResolver', () => {
  it('ignores X-Forwarded-For without trusted proxies', () => {
    const resolve = clientAddressResolver(false);
    expect(resolve('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
    expect(resolve('::ffff:203.0.113.9', undefined)).toBe('203.0.113.9');
    expect(resolve(undefined, undefined)).toBe('unknown');
  });

  it('takes the entry a hop count away from the right, never the leftmost the client wrote', () => {
    const one = clientAddressResolver(1);
    expect(one('127.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
    expect(one('127.0.0.1', '6.6.6.6, 198.51.100.7')).toBe('198.51.100.7');
    expect(one('127.0.0.1', '6.6.6.6,, 7.7.7.7 ,198.51.100.7')).toBe('198.51.100.7');
    const two = clientAddressResolver(2);
    expect(two('10.0.0.2', '6.6.6.6, 198.51.100.7, 10.0.0.1')).toBe('198.51.100.7');
    // Fewer entries than proxies: the furthest there is.
    expect(two('10.0.0.2', '198.51.100.7')).toBe('198.51.100.7');
    expect(one('127.0.0.1', undefined)).toBe('127.0.0.1');
  });

  it('walks trusted proxy addresses and ranges from the right', () => {
    const resolve = clientAddressResolver(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(resolve('127.0.0.1', '6.6.6.6, 198.51.100.7')).toBe('198.51.100.7');
    expect(resolve('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.1.2.3')).toBe('198.51.100.7');
    expect(resolve('fd12::1', '2001:db8::1, fd00::9')).toBe('2001:db8:0:0:0:0:0:1');
    // A peer that is no trusted proxy is the client, whatever it claims.
    expect(resolve('203.0.113.9', '198.51.100.7')).toBe('203.0.113.9');
    // Every entry trusted: the leftmost is as far as the chain goes.
    expect(resolve('127.0.0.1', '10.0.0.1')).toBe('10.0.0.1');
  });

  it('reads the forms proxies write: ports, brackets, zones, mapped IPv4', () => {
    const resolve = clientAddressResolver(1);
    expect(resolve('127.0.0.1', '198.51.100.7:51234')).toBe('198.51.100.7');
    expect(resolve('127.0.0.1', '[2001:db8::1]:443')).toBe('2001:db8:0:0:0:0:0:1');
    expect(resolve('127.0.0.1', 'fe80::1%eth0')).toBe('fe80:0:0:0:0:0:0:1');
    expect(resolve('127.0.0.1', '::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(resolve('127.0.0.1', 'not-an-address')).toBe('unknown');
  });
});

describe('rateLimitKey', () => {
  it('counts IPv4 by address and IPv6 by /64, whatever the spelling', () => {
    expect(rateLimitKey('198.51.100.7')).toBe('198.51.100.7');
    const key = rateLimitKey('2001:db8:1:2::1');
    expect(rateLimitKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(key);
    expect(rateLimitKey('2001:db8:1:3::1')).not.toBe(key);
    expect(key).toBe('2001:db8:1:2:0:0:0:0/64');
  });
});

describe('trustProxyProblem', () => {
  it.each([
    [true, 'true is not accepted'],
    [0, 'at least 1'],
    [1.5, 'whole number'],
    [[], 'lists no proxy'],
    [['10.0.0.0/33'], '"10.0.0.0/33" is not an IP address or CIDR range'],
    [['10.0.0.1:80'], 'is not an IP address'],
    [['proxy.internal'], 'is not an IP address'],
    ['1', 'must be false, a number'],
  ])('explains %j', (value, message) => {
    expect(trustProxyProblem(value)).toContain(message);
  });

  it.each([[false], [1], [3], [['127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8', '::ffff:10.0.0.0/104']]])('accepts %j', (value) => {
    expect(trustProxyProblem(value)).toBeUndefined();
  });
});

describe('per-IP limits behind a proxy, over HTTP', () => {
  let relay: TestRelay | undefined;
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  /** Challenges count against the per-IP limit like posts do, and cost nothing to ask for. */
  const ask = (forwardedFor?: string) =>
    fetch(`${relay!.url}/v1/challenge`, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }).then((r) => r.status);

  it.each([
    ['one trusted hop', 1],
    ['the proxy address', ['127.0.0.1']],
    ['a proxy range', ['127.0.0.0/8', '10.0.0.0/8']],
  ])('with %s, a forged leftmost entry does not escape the real client’s limit', async (_label, trustProxy) => {
    relay = await startTestRelay({ trustProxy, rateLimits: { perIp: 3, perForm: 100, windowSeconds: 60 } });
    const statuses: number[] = [];
    // The proxy (this test, from 127.0.0.1) appends the real client's address; the client varies what it wrote before it.
    for (let i = 0; i < 5; i++) statuses.push(await ask(`203.0.113.${i}, 198.51.100.7`));
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // Another real client still has its own allowance.
    expect(await ask('198.51.100.8')).toBe(200);
  });

  it('ignores X-Forwarded-For without trustProxy: every request counts against the socket', async () => {
    relay = await startTestRelay({ rateLimits: { perIp: 2, perForm: 100, windowSeconds: 60 } });
    expect([await ask('198.51.100.1'), await ask('198.51.100.2'), await ask('198.51.100.3')]).toEqual([200, 200, 429]);
  });

  it('counts an IPv6 /64 as one client', async () => {
    relay = await startTestRelay({ trustProxy: 1, rateLimits: { perIp: 2, perForm: 100, windowSeconds: 60 } });
    expect([await ask('2001:db8:1:2::1'), await ask('2001:db8:1:2::ffff'), await ask('2001:db8:1:2:aaaa::9')]).toEqual([200, 200, 429]);
    expect(await ask('2001:db8:1:3::1')).toBe(200);
  });
});
