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
  open: boolean;
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
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
