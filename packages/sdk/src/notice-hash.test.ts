import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashNoticeText } from './notice-hash.js';
import { validateAction } from './schema/validate.js';

describe('hashNoticeText', () => {
  it('is sha256: and the hex SHA-256 of the UTF-8 text, as consent grants require', async () => {
    expect(await hashNoticeText('test')).toBe('sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
    const notice = "J'accepte de recevoir les courriels de la campagne. Désinscription en un clic.";
    expect(await hashNoticeText(notice)).toBe(`sha256:${createHash('sha256').update(notice, 'utf8').digest('hex')}`);
  });

  it('changes with any change to the text, and fits consent[].textHash', async () => {
    const hash = await hashNoticeText('I agree.');
    expect(await hashNoticeText('I agree')).not.toBe(hash);
    const grant = { purpose: 'email', granted: true, textVersion: 'v1', textHash: hash, language: 'en' };
    expect(validateAction('signup', { person: { email: 'a@example.org' }, consent: [grant] }).ok).toBe(true);
  });
});
