/**
 * What the clip script does inside the organizer's tab: read the person the
 * page is about, or say why there is none. Runs only when the panel asks
 * (`scripting.executeScript` under `activeTab`), reads only this document,
 * and returns plain data to the panel.
 */
import { type ClippedProfile, explainNoProfile, extractProfile, type NoProfileReason } from './extractors/index.js';

/** What the panel receives from one clip. `pageUrl` is the source every contact records. */
export type ClipResult =
  | { found: true; profile: ClippedProfile; pageUrl: string }
  | { found: false; reason: NoProfileReason; pageUrl: string };

export function clipPage(document: Document, pageUrl: string): ClipResult {
  const profile = extractProfile(document, pageUrl);
  return profile ? { found: true, profile, pageUrl } : { found: false, reason: explainNoProfile(document, pageUrl), pageUrl };
}
