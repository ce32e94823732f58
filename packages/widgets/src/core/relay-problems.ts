/**
 * Why a widget cannot use its relay, found out only once something failed
 * (the facts did not load, no challenge came, a submission did not go): the
 * page's origin is missing from the relay's `origins`, nothing answers at the
 * endpoint, or what answers is not a Tract relay. Each is logged once per
 * page for the webmaster, with its fix. A browser that knows it is offline
 * has no relay problem: its submissions wait in the offline queue.
 */
import type { WidgetLocale } from '../i18n/index.js';
import type { RelayProblem, RelayProblemTexts } from '../i18n/relay-problems.js';

/** A problem found, with the texts that tell it in every language. */
export interface RelayDiagnosis {
  problem: RelayProblem;
  texts: Record<WidgetLocale, RelayProblemTexts>;
}

/** One diagnosis in flight per relay, shared by every widget of the page. */
const inFlight = new Map<string, Promise<RelayDiagnosis | undefined>>();
/** The problems already logged, so the webmaster reads each once. */
const logged = new Set<string>();

/** What `GET /v1/challenge` says about the relay at `endpoint`. */
async function probe(endpoint: string): Promise<RelayProblem | undefined> {
  let response: Response;
  try {
    response = await fetch(`${endpoint}/v1/challenge`, { cache: 'no-store' });
  } catch {
    // Nothing readable came back. An opaque request tells a server that answers without CORS (not
    // a relay: every relay answers this path to every origin) from nothing answering at all.
    return fetch(endpoint, { mode: 'no-cors', cache: 'no-store' }).then(
      () => 'not_a_relay' as const,
      () => 'relay_unreachable' as const,
    );
  }
  const body = (await response.json().catch(() => undefined)) as { signature?: unknown; error?: { code?: unknown } } | undefined;
  // A refused page can read the refusal of a GET (PROTOCOL.md, CORS).
  if (body?.error?.code === 'origin_not_allowed') return 'origin_not_allowed';
  // A relay answers with a challenge, or with an error in its own shape (rate-limited, storage busy).
  const relayAnswer = (response.ok && typeof body?.signature === 'string') || typeof body?.error?.code === 'string';
  return relayAnswer ? undefined : 'not_a_relay';
}

/**
 * What keeps the page from using the relay at `endpoint`, if anything, with
 * the texts that say it (fetched only then: a page whose relay works never
 * downloads them) and the console line for it, in `locale`, the first time.
 */
export function diagnoseRelay(endpoint: string, locale: WidgetLocale): Promise<RelayDiagnosis | undefined> {
  if (!navigator.onLine) return Promise.resolve(undefined);
  let diagnosis = inFlight.get(endpoint);
  if (!diagnosis) {
    diagnosis = probe(endpoint).then(async (problem) => {
      // A relay that did not answer may answer the next time something fails: ask again then.
      if (problem !== 'origin_not_allowed' && problem !== 'not_a_relay') inFlight.delete(endpoint);
      if (!problem) return undefined;
      const { relayProblemTexts: texts } = await import('../i18n/relay-problems.js');
      if (!logged.has(`${endpoint} ${problem}`)) {
        logged.add(`${endpoint} ${problem}`);
        console.error(texts[locale].log[problem](endpoint, location.origin));
      }
      return { problem, texts };
    });
    inFlight.set(endpoint, diagnosis);
  }
  return diagnosis;
}
