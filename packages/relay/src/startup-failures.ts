/**
 * Start-up failures a person can cause and fix: a port already taken, a
 * database that cannot be opened, a missing build, a bad configuration or port
 * number. Each is told in one line, in the terminal's language, that names the
 * problem and the fix, worded for the command that was run (`tract-relay` or
 * `npm start`); anything else is a bug, shown with its stack.
 */
import { ConfigError } from './config/load.js';

/** The relay could not listen on its port. */
export class ListenError extends Error {
  override name = 'ListenError';
  constructor(
    readonly port: number,
    readonly host: string,
    readonly code: string,
  ) {
    super(`Cannot listen on ${host}:${port} (${code}).`);
  }
}

/** The database could not be opened (or created, or migrated). */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    readonly reason: string,
  ) {
    super(`Cannot open the database ${path}: ${reason}`);
  }
}

/** A workspace package the command needs has not been built. */
export class MissingBuildError extends Error {
  override name = 'MissingBuildError';
  constructor(
    /** Its folder in the repository, e.g. `packages/widgets`. */
    readonly workspace: string,
    /** The built file that is missing. */
    readonly missing: string,
  ) {
    super(`${workspace} is not built (${missing} is missing).`);
  }
}

/** A flag or an environment variable holds a value the relay cannot start with. */
export class SettingError extends Error {
  override name = 'SettingError';
}

/** How the command that was run lets a person change what failed. */
export interface StartCommand {
  /** What starts each message: `tract-relay`, `npm start`. */
  name: string;
  /** The same command on another port, e.g. `PORT=8788 npm start`. */
  onPort(port: number): string;
  /** How to use another database, in each language. */
  otherDatabase: Record<TerminalLocale, string>;
  /** What to do about a bad configuration, in each language, when its message does not already say. */
  fixConfig?: Record<TerminalLocale, string>;
}

export type TerminalLocale = 'en' | 'fr';

/** The terminal's language, as `LC_ALL`, `LC_MESSAGES` or `LANG` set it: French or English. */
export function terminalLocale(env: NodeJS.ProcessEnv = process.env): TerminalLocale {
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return tag.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** A port number from a flag or an environment variable; `name` is how the person set it. */
export function portFrom(text: string, name: string): number {
  const port = Number(text);
  if (text.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new SettingError(`${name} must be a port number from 1 to 65535 (or 0 for any free port), not "${text}".`);
  return port;
}

/** Why SQLite or the filesystem refused a database path, in plain words. */
const DATABASE_REASONS: Record<string, Record<TerminalLocale, string>> = {
  SQLITE_NOTADB: { en: 'this file is not a SQLite database', fr: 'ce fichier n’est pas une base SQLite' },
  SQLITE_CANTOPEN: {
    en: 'SQLite cannot open it (a folder has that name, or access is denied)',
    fr: 'SQLite ne peut pas l’ouvrir (un dossier porte ce nom, ou l’accès est refusé)',
  },
  SQLITE_READONLY: { en: 'it is read-only', fr: 'elle est en lecture seule' },
  SQLITE_FULL: { en: 'the disk is full', fr: 'le disque est plein' },
  ENOSPC: { en: 'the disk is full', fr: 'le disque est plein' },
  EACCES: { en: 'access is denied', fr: 'l’accès est refusé' },
  EPERM: { en: 'access is denied', fr: 'l’accès est refusé' },
  EROFS: { en: 'the disk is read-only', fr: 'le disque est en lecture seule' },
  EEXIST: { en: 'a file stands where its folder should be', fr: 'un fichier occupe la place de son dossier' },
  ENOTDIR: { en: 'a file stands where its folder should be', fr: 'un fichier occupe la place de son dossier' },
};

const PORT_IN_USE = {
  en: (port: number, fix: string) =>
    `Port ${port} is already in use (another relay, or an earlier demo still running?). Stop it, or start on another port: ${fix}`,
  fr: (port: number, fix: string) =>
    `Le port ${port} est déjà utilisé (un autre relais, ou une démo précédente encore lancée ?). Arrêtez-la, ou démarrez sur un autre port : ${fix}`,
};
const PORT_RESERVED = {
  en: (port: number, fix: string) => `Port ${port} is reserved for administrators on this machine. Use a port above 1023: ${fix}`,
  fr: (port: number, fix: string) =>
    `Le port ${port} est réservé aux administrateurs sur cette machine. Prenez un port au-dessus de 1023 : ${fix}`,
};
const HOST_UNKNOWN = {
  en: (host: string) =>
    `Cannot listen on ${host}: it is not an address of this machine. Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every network interface).`,
  fr: (host: string) =>
    `Impossible d’écouter sur ${host} : ce n’est pas une adresse de cette machine. Prenez --host 127.0.0.1 (cette machine seulement) ou --host 0.0.0.0 (toutes les interfaces réseau).`,
};
const DATABASE = {
  en: (path: string, reason: string, fix: string) => `Cannot open the database ${path}: ${reason}. ${fix}`,
  fr: (path: string, reason: string, fix: string) => `Impossible d’ouvrir la base de données ${path} : ${reason}. ${fix}`,
};
const NOT_BUILT = {
  en: (what: string, missing: string, workspace: string) =>
    `${what} is not built (${missing} is missing). Build it at the repository root with: npm run build -w ${workspace}`,
  fr: (what: string, missing: string, workspace: string) =>
    `${what} n’est pas construit (${missing} manque). Construisez-le à la racine du dépôt avec : npm run build -w ${workspace}`,
};

/**
 * The message for a start-up failure a person can fix (without the command's
 * name), or undefined when `error` is not one of them.
 */
export function explainStartupFailure(error: unknown, command: StartCommand, locale = terminalLocale()): string | undefined {
  if (error instanceof ConfigError) return command.fixConfig ? `${error.message}\n${command.fixConfig[locale]}` : error.message;
  if (error instanceof SettingError) return error.message;
  if (error instanceof ListenError) {
    if (error.code === 'EADDRINUSE')
      return PORT_IN_USE[locale](error.port, command.onPort(error.port > 0 && error.port < 65535 ? error.port + 1 : 8788));
    if (error.code === 'EACCES') return PORT_RESERVED[locale](error.port, command.onPort(8787));
    if (['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME'].includes(error.code)) return HOST_UNKNOWN[locale](error.host);
    return undefined;
  }
  if (error instanceof DatabaseOpenError) {
    const reason = (error.code && DATABASE_REASONS[error.code]?.[locale]) || error.reason;
    return DATABASE[locale](error.path, reason, command.otherDatabase[locale]);
  }
  if (error instanceof MissingBuildError) {
    const what = error.workspace.replace(/^packages\//, '@tract/');
    return NOT_BUILT[locale](what, error.missing, error.workspace);
  }
  return undefined;
}

/** Prints what went wrong at start (one line when a person can fix it, the stack otherwise) and exits non-zero. */
export function exitOnStartupFailure(error: unknown, command: StartCommand): never {
  const explained = explainStartupFailure(error, command);
  process.stderr.write(`${command.name}: ${explained ?? ((error as Error).stack || String(error))}\n`);
  process.exit(error instanceof ConfigError || error instanceof SettingError ? 2 : 1);
}
