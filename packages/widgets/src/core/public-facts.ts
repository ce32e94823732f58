/** The public facts of a petition or an event, from the relay's public GET endpoints (PROTOCOL.md). */

export interface PetitionFacts {
  id: string;
  title: string;
  description: string;
  goal: number;
  signatureCount: number;
  open: boolean;
}

export interface EventFacts {
  id: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string | null;
  timeZone: string;
  place: { name: string; address: string } | null;
  capacity: number | null;
  remaining: number | null;
  /** The most guests one RSVP may bring. */
  maxGuests: number;
  open: boolean;
}

/**
 * Resolves once the page is idle (at most 50 ms later): a page's first `fetch`
 * costs Chromium 4 to 8 ms of main thread to set up, which would otherwise
 * hold back the forms' first frame (`bench/`). The forms render meanwhile.
 */
function onceIdle(): Promise<void> {
  return new Promise((resolve) => {
    // Safari has no requestIdleCallback.
    const whenIdle = globalThis.requestIdleCallback as typeof requestIdleCallback | undefined;
    if (whenIdle) whenIdle(() => resolve(), { timeout: 50 });
    else setTimeout(resolve, 0);
  });
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  await onceIdle();
  const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

/** `GET /v1/petitions/{id}`. */
export function fetchPetition(endpoint: string, id: string, signal?: AbortSignal): Promise<PetitionFacts> {
  return getJson(`${endpoint}/v1/petitions/${encodeURIComponent(id)}`, signal);
}

/** `GET /v1/events/{id}`. */
export function fetchEvent(endpoint: string, id: string, signal?: AbortSignal): Promise<EventFacts> {
  return getJson(`${endpoint}/v1/events/${encodeURIComponent(id)}`, signal);
}
