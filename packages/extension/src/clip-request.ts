/**
 * The message the background sends an open panel when the organizer presses
 * the toolbar button or the shortcut: read this tab (the press just granted
 * activeTab on it).
 */
export interface ClipRequest {
  kind: 'tract:clip';
  tabId: number;
}

export function clipRequest(tabId: number): ClipRequest {
  return { kind: 'tract:clip', tabId };
}

export function isClipRequest(message: unknown): message is ClipRequest {
  const candidate = message as Partial<ClipRequest> | null;
  return candidate?.kind === 'tract:clip' && typeof candidate.tabId === 'number';
}
