/**
 * The relay's hash key: the server secret behind every hash the relay keeps
 * to recognise a person without keeping them (the email hash of people,
 * consent-log subjects, erasure tombstones and the suppression list), and
 * behind the MAC of unsubscribe links. A plain SHA-256 of an email can be
 * tested by anyone holding the database and a list of addresses; a keyed hash
 * cannot be, without this key, which never enters the database.
 *
 * The key comes from `TRACT_HASH_KEY` (base64 or base64url, at least 32
 * bytes), else from a key file beside a SQLite database (`relay.db` ->
 * `relay.key`, mode 0600), created on first start. Losing it makes every
 * stored hash unmatchable, the suppression list included: back it up apart
 * from the database.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ConfigError } from '../config/load.js';

const MIN_KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** What a keyed MAC is for: each purpose gets its own derived key, so no value can stand in for another. */
export type MacPurpose = 'email' | 'unsubscribe' | 'contact' | 'rate' | 'pledge';

export class HashKey {
  private readonly keys: Record<MacPurpose, Buffer>;

  private constructor(secret: Buffer) {
    const derive = (purpose: MacPurpose) => createHmac('sha256', secret).update(`tract/${purpose}/v1`).digest();
    this.keys = {
      email: derive('email'),
      unsubscribe: derive('unsubscribe'),
      contact: derive('contact'),
      rate: derive('rate'),
      pledge: derive('pledge'),
    };
  }

  /** A key from at least 32 secret bytes. */
  static fromBytes(secret: Buffer): HashKey {
    if (secret.length < MIN_KEY_BYTES) throw new ConfigError(`The hash key must hold at least ${MIN_KEY_BYTES} bytes.`);
    return new HashKey(secret);
  }

  /**
   * The hash an email is known by: case-folded, so `Camille@Example.fr` and
   * `camille@example.fr` match. It is the keyed hash of the email's plain
   * SHA-256, so hashes stored before the key existed convert without the
   * address (see `fromLegacyHash`).
   */
  emailHash(email: string): string {
    return this.fromLegacyHash(createHash('sha256').update(email.trim().toLowerCase()).digest('hex'));
  }

  /** The keyed hash of an email known only by its plain SHA-256 (hex), as relays stored it before. */
  fromLegacyHash(sha256Hex: string): string {
    return this.mac('email', sha256Hex);
  }

  /** Hex HMAC-SHA-256 of `value` under the key derived for `purpose`. */
  mac(purpose: MacPurpose, value: string): string {
    return createHmac('sha256', this.keys[purpose]).update(value).digest('hex');
  }

  /** Whether `candidate` is `mac(purpose, value)`, compared in constant time. */
  verifyMac(purpose: MacPurpose, value: string, candidate: string): boolean {
    const expected = Buffer.from(this.mac(purpose, value), 'hex');
    const given = Buffer.from(/^[0-9a-f]{64}$/.test(candidate) ? candidate : '', 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

export interface HashKeySource {
  /** Where `TRACT_HASH_KEY` is read (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** The SQLite database the key file sits beside; `:memory:` gets a key for this process only. */
  dbPath: string;
}

/** The key file of a database: `relay.db` -> `relay.key`, in the same folder. */
export function keyFileOf(dbPath: string): string {
  return join(dirname(dbPath), `${basename(dbPath, extname(dbPath))}.key`);
}

/** Loads the hash key from `TRACT_HASH_KEY`, else from (or into) the key file beside the database. */
export function loadHashKey({ env = process.env, dbPath }: HashKeySource): HashKey {
  const fromEnv = env.TRACT_HASH_KEY;
  if (fromEnv !== undefined) return HashKey.fromBytes(decodeKey(fromEnv.trim(), 'TRACT_HASH_KEY'));
  // Nothing outlives an in-memory database, so nothing needs to match its hashes later.
  if (dbPath === ':memory:') return HashKey.fromBytes(randomBytes(MIN_KEY_BYTES));
  const file = keyFileOf(dbPath);
  return HashKey.fromBytes(readKeyFile(file) ?? createKeyFile(file));
}

function decodeKey(text: string, source: string): Buffer {
  const bytes = BASE64.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (bytes.length < MIN_KEY_BYTES) {
    throw new ConfigError(
      `${source} must be at least ${MIN_KEY_BYTES} random bytes in base64 (generate one with: openssl rand -base64 32).`,
    );
  }
  return bytes;
}

function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`Cannot read the hash key file ${file}: ${(error as Error).message}`);
  }
  return decodeKey(text.trim(), `The hash key file ${file}`);
}

/**
 * Writes a new random key to `file`, atomically: the key is written and synced
 * under a temporary name, then linked into place, which fails if another
 * process got there first (its key is then the one to use).
 */
function createKeyFile(file: string): Buffer {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(MIN_KEY_BYTES).toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readKeyFile(file)!;
}
