/**
 * A real SMTP server in this process (smtp-server, on a free port of
 * 127.0.0.1) that keeps what it receives, parsed (mailparser): the demo's
 * mailbox, shown at `/demo-mailbox`, and the tests' mail server. It is as
 * strict as a real submission server on what the relay must get right: it
 * requires the login it was given, one recipient per message, and a message
 * with the headers every mail needs.
 */
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SmtpConfig } from '../mail/config.js';

export interface ReceivedMail {
  /** Envelope recipients. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Raw header values (unfolded) by lower-case name; the first of repeated headers. */
  headers: Map<string, string>;
  /** Every http(s) link in the plain-text part, in order. */
  links: string[];
  receivedAt: Date;
}

export interface MailboxOptions {
  /** The port on 127.0.0.1 (default 0: a free one). */
  port?: number;
  /** The login the server requires (none by default). */
  login?: { user: string; password: string };
  /** Called with every message received. */
  onMail?: (mail: ReceivedMail) => void;
}

const REQUIRED_HEADERS = ['from', 'to', 'subject', 'date', 'message-id'];
const MAX_MESSAGE_BYTES = 256 * 1024;

function rawHeaders(lines: readonly { key: string; line: string }[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of lines) {
    if (!headers.has(key))
      headers.set(
        key,
        line
          .slice(line.indexOf(':') + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      );
  }
  return headers;
}

export class Mailbox {
  readonly messages: ReceivedMail[] = [];
  private waiters: { predicate: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    private readonly login: MailboxOptions['login'],
  ) {}

  /** Starts listening on 127.0.0.1. */
  static async start(options: MailboxOptions = {}): Promise<Mailbox> {
    let mailbox: Mailbox | undefined;
    const server = new SMTPServer({
      secure: false,
      // Only ever on this machine: the relay's `security: "none"` is allowed for loopback alone.
      hideSTARTTLS: true,
      authOptional: !options.login,
      allowInsecureAuth: true,
      ...(options.login ? {} : { disabledCommands: ['AUTH'] }),
      size: MAX_MESSAGE_BYTES,
      logger: false,
      onAuth(auth, _session, callback) {
        const login = options.login;
        if (login && auth.username === login.user && auth.password === login.password) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(_address, session, callback) {
        // The relay writes to one person at a time; a message to several would be a leak.
        if (session.envelope.rcptTo.length >= 1) callback(Object.assign(new Error('One recipient per message'), { responseCode: 452 }));
        else callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (parsed) => {
            const missing = REQUIRED_HEADERS.filter((name) => !parsed.headers.has(name));
            if (missing.length > 0) {
              callback(Object.assign(new Error(`Missing headers: ${missing.join(', ')}`), { responseCode: 550 }));
              return;
            }
            const text = parsed.text ?? '';
            mailbox?.receive({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              from: (parsed.from as AddressObject | undefined)?.text ?? '',
              subject: parsed.subject ?? '',
              text,
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: rawHeaders(parsed.headerLines),
              links: text.match(/https?:\/\/[^\s<>"]+/g) ?? [],
              receivedAt: new Date(),
            });
            options.onMail?.(mailbox!.messages[mailbox!.messages.length - 1]!);
            callback();
          },
          (error: Error) => callback(Object.assign(error, { responseCode: 554 })),
        );
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
    });
    mailbox = new Mailbox(server, port, options.login);
    return mailbox;
  }

  /**
   * The `smtp` section of a relay that sends here. With a login, the password
   * is read from the environment variable `passwordEnv`, as in production.
   */
  smtpConfig(from: string, passwordEnv = 'TRACT_SMTP_PASSWORD'): SmtpConfig {
    return {
      host: '127.0.0.1',
      port: this.port,
      security: 'none',
      from,
      ...(this.login ? { user: this.login.user, passwordEnv } : {}),
    };
  }

  /** Resolves with the first message, received or to come, that `predicate` accepts. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching message within ${timeoutMs} ms (${this.messages.length} received)`));
      }, timeoutMs);
      waiter.resolve = (mail) => {
        clearTimeout(timer);
        resolve(mail);
      };
      this.waiters.push(waiter);
    });
  }

  /** Messages received by `address` (case-insensitive). */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.to.some((to) => to.toLowerCase() === address.toLowerCase()));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(mail: ReceivedMail): void {
    this.messages.push(mail);
    for (const waiter of this.waiters.filter((w) => w.predicate(mail))) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(mail);
    }
  }
}
