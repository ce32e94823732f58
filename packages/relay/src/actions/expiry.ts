/** When each stored record expires (the purge deletes it then). */
import type { ActionData, ActionKind } from '@tract/sdk/schema';
import type { RelayConfig } from '../config/schema.js';

const DAY_MS = 86_400_000;

/**
 * When a kept action expires: pledges after the accounting period, contacts
 * clipped without consent after `contactDays` (6 months), everything else at
 * the end of the campaign. `from` is when it was submitted.
 */
export function expiryOf(config: RelayConfig, kind: ActionKind, data: ActionData[ActionKind], from: Date): Date {
  const retention = config.retention;
  if (kind === 'donation') return new Date(from.getTime() + retention.donationDays * DAY_MS);
  if (kind === 'contact' && (data as ActionData['contact']).lawfulBasis !== 'consent') {
    return new Date(from.getTime() + retention.contactDays * DAY_MS);
  }
  return new Date(retention.campaignEndsAt);
}

/** When an action still waiting for its person's confirmation is purged. */
export function unconfirmedExpiry(config: RelayConfig, from: Date): Date {
  return new Date(from.getTime() + config.retention.unconfirmedDays * DAY_MS);
}

/** Until when a confirmation link works. */
export function linkExpiry(config: RelayConfig, from: Date): Date {
  return new Date(from.getTime() + config.confirmation.linkHours * 3_600_000);
}
