/**
 * The organizer's settings, kept in `storage.local`: which relay, with which
 * token, the tags they use, and the language of the extension.
 */
import { browser } from 'wxt/browser';

export type LanguageChoice = 'auto' | 'en' | 'fr';

export interface Settings {
  /** The relay's base URL, e.g. `https://relay.example.org`. Empty until set up. */
  relayUrl: string;
  /** The organizer token the relay printed or the admin created. */
  organizerToken: string;
  /** Tags added to every new contact. */
  defaultTags: string[];
  language: LanguageChoice;
  /** The name the relay gave this token (`GET /v1/session`), used in the notice to clipped people. */
  teamName: string;
}

export const DEFAULT_SETTINGS: Settings = { relayUrl: '', organizerToken: '', defaultTags: [], language: 'auto', teamName: '' };

const SETTINGS_KEY = 'settings';
const RECENT_TAGS_KEY = 'recentTags';
const RECENT_TAGS_KEPT = 12;

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as Partial<Settings> | undefined;
  return { ...DEFAULT_SETTINGS, ...stored };
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: settings });
}

/** Whether the relay is configured, so contacts can be sent. */
export function isConfigured(settings: Settings): boolean {
  return settings.relayUrl !== '' && settings.organizerToken !== '';
}

/** The tags the organizer used last, most recent first, to suggest them again. */
export async function loadRecentTags(): Promise<string[]> {
  const stored = (await browser.storage.local.get(RECENT_TAGS_KEY))[RECENT_TAGS_KEY];
  return Array.isArray(stored) ? stored.filter((tag): tag is string => typeof tag === 'string') : [];
}

/** Moves the given tags to the front of the recent list. */
export async function rememberTags(tags: string[]): Promise<void> {
  const recent = [...new Set([...tags, ...(await loadRecentTags())])].slice(0, RECENT_TAGS_KEPT);
  await browser.storage.local.set({ [RECENT_TAGS_KEY]: recent });
}

/** Splits what the organizer typed ("a, b ,c") into distinct tags. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ''),
    ),
  ];
}
