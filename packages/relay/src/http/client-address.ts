/**
 * Who is asking: the client address the per-IP limits count. Without a proxy
 * it is the socket's peer. Behind the campaign's own proxies it is read from
 * `X-Forwarded-For` from the right, where each proxy appends the address it
 * saw, skipping only the proxies the configuration trusts: the leftmost
 * entries are whatever the client chose to send, and are never believed.
 *
 * Plain code without `node:net`, so edge runtimes can resolve addresses too.
 */

/** `trustProxy`: no proxy, the number of proxies in front of the relay, or their addresses and CIDR ranges. */
export type TrustProxy = false | number | readonly string[];

interface ParsedAddress {
  version: 4 | 6;
  bytes: Uint8Array;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/i;

function parseIpv4(text: string): Uint8Array | undefined {
  return IPV4.test(text) ? Uint8Array.from(text.split('.'), Number) : undefined;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const last = (tail.length > 0 ? tail : head).at(-1);
  // An IPv4 tail (`::ffff:192.0.2.1`) stands for the last two groups.
  let ipv4Tail: Uint8Array | undefined;
  if (last?.includes('.')) {
    ipv4Tail = parseIpv4(last);
    if (!ipv4Tail) return undefined;
    (tail.length > 0 ? tail : head).pop();
  }
  const hextets = [...head, ...tail];
  if (!hextets.every((group) => HEXTET.test(group))) return undefined;
  const count = hextets.length + (ipv4Tail ? 2 : 0);
  if (halves.length === 2 ? count > 7 : count !== 8) return undefined;
  const bytes = new Uint8Array(16);
  const write = (group: string, index: number) => {
    const value = Number.parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  };
  for (const [i, group] of head.entries()) write(group, i);
  const tailStart = 8 - tail.length - (ipv4Tail ? 2 : 0);
  for (const [i, group] of tail.entries()) write(group, tailStart + i);
  if (ipv4Tail) bytes.set(ipv4Tail, 12);
  return bytes;
}

/**
 * Parses an address as proxies and sockets write it: IPv4, IPv6 (with or
 * without brackets and zone), with or without a port. An IPv4-mapped IPv6
 * address (`::ffff:192.0.2.1`, what a dual-stack socket reports) is IPv4.
 */
function parseAddress(raw: string): ParsedAddress | undefined {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  text = text.replace(/%[\w.-]+$/, '');
  const v4 = parseIpv4(text);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = parseIpv6(text);
  if (!v6) return undefined;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? { version: 4, bytes: v6.slice(12) } : { version: 6, bytes: v6 };
}

function formatAddress(address: ParsedAddress): string {
  if (address.version === 4) return address.bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((address.bytes[i]! << 8) | address.bytes[i + 1]!).toString(16));
  return groups.join(':');
}

interface Range {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

function parseRange(text: string): Range | undefined {
  const [addressText = '', prefixText, ...rest] = text.trim().split('/');
  // A configured proxy is an address or a range: no brackets, zone or port.
  if (rest.length > 0 || /[[\]%]/.test(addressText) || /^[\d.]+:\d+$/.test(addressText)) return undefined;
  const address = parseAddress(addressText);
  if (!address || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))) return undefined;
  const bits = address.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  // A mapped IPv4 range (`::ffff:10.0.0.0/104`) is its IPv4 range.
  const mappedPrefix = address.version === 4 && addressText.includes(':') && prefixText !== undefined ? prefix - 96 : prefix;
  if (mappedPrefix < 0 || mappedPrefix > bits) return undefined;
  return { ...address, prefix: mappedPrefix };
}

function inRange(address: ParsedAddress, range: Range): boolean {
  if (address.version !== range.version) return false;
  const whole = Math.floor(range.prefix / 8);
  for (let i = 0; i < whole; i++) if (address.bytes[i] !== range.bytes[i]) return false;
  const rest = range.prefix % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (address.bytes[whole]! & mask) === (range.bytes[whole]! & mask);
}

/**
 * What is wrong with a `trustProxy` value, in words an operator acts on, or
 * undefined when it is valid.
 */
export function trustProxyProblem(value: unknown): string | undefined {
  if (value === false) return undefined;
  if (value === true) {
    return (
      'true is not accepted: it would believe whatever a client writes in X-Forwarded-For. Give the number of proxies in front of ' +
      'the relay (1 behind one Caddy or nginx) or their addresses (e.g. ["127.0.0.1"]), or false without a proxy'
    );
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1 ? undefined : 'must be a whole number of proxies, at least 1 (or false without a proxy)';
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'lists no proxy: give their addresses or CIDR ranges, or false without a proxy';
    const wrong = value.find((item) => typeof item !== 'string' || !parseRange(item));
    return wrong === undefined ? undefined : `${JSON.stringify(wrong)} is not an IP address or CIDR range (e.g. "10.0.0.0/8", "::1")`;
  }
  return 'must be false, a number of proxies (e.g. 1) or a list of proxy addresses or CIDR ranges (e.g. ["10.0.0.0/8"])';
}

/**
 * Resolves the client's address from the socket's peer and the
 * `X-Forwarded-For` header, trusting only the configured proxies:
 *
 * - `false`: the peer; the header is ignored.
 * - a number `n`: the peer is the nearest of `n` proxies, each appending the
 *   address it saw; the client is the `n`th entry from the right (the leftmost
 *   entry when the header holds fewer).
 * - addresses and ranges: entries are read from the right, starting with the
 *   peer, for as long as they are trusted proxies; the first that is not is
 *   the client (a peer that is no trusted proxy is the client itself).
 *
 * Addresses are returned in one canonical text form (IPv4-mapped IPv6 as
 * IPv4), so one client always has one key.
 */
export function clientAddressResolver(trust: TrustProxy): (peer: string | undefined, forwardedFor: string | undefined) => string {
  const ranges = Array.isArray(trust) ? trust.map((item) => parseRange(item)!) : [];
  const canonical = (raw: string | undefined) => {
    const parsed = raw === undefined ? undefined : parseAddress(raw);
    // Only a misconfigured proxy writes something else; such entries share one key instead of minting one each.
    return parsed ? formatAddress(parsed) : 'unknown';
  };
  if (trust === false) return (peer) => canonical(peer);
  return (peer, forwardedFor) => {
    const forwarded = (forwardedFor ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    // Nearest first: the peer, then the entries from the right.
    const hops = [peer, ...forwarded.reverse()];
    if (typeof trust === 'number') return canonical(hops[Math.min(trust, hops.length - 1)]);
    let index = 0;
    while (index < hops.length - 1) {
      const hop = hops[index] === undefined ? undefined : parseAddress(hops[index]!);
      if (!hop || !ranges.some((range) => inRange(hop, range))) break;
      index++;
    }
    return canonical(hops[index]);
  };
}

/**
 * The key per-IP limits count a client under: its IPv4 address, or its IPv6
 * /64, the block one subscriber or host usually holds whole (counting single
 * IPv6 addresses would give one client billions of keys).
 */
export function rateLimitKey(address: string): string {
  const parsed = parseAddress(address);
  if (!parsed) return address;
  if (parsed.version === 4) return formatAddress(parsed);
  const prefix = new Uint8Array(16);
  prefix.set(parsed.bytes.subarray(0, 8));
  return `${formatAddress({ version: 6, bytes: prefix })}/64`;
}
