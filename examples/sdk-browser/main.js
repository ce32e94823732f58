/**
 * The example page's only script: a signup form submitted through the SDK's
 * browser build. Validation messages come from the SDK in French; offline,
 * the signup waits in IndexedDB and leaves by itself when the network returns.
 */

import { deriveKey } from '/altcha/algorithms/web/pbkdf2.js';
import { solveChallenge } from '/altcha/pow.js';
import { createClient, hashNoticeText, relay, TractRejectedError, TractValidationError } from '/sdk/tract.browser.js';

const form = document.querySelector('#signup');
const status = document.querySelector('#status');
const pending = document.querySelector('#pending');
const shownAt = performance.now();

/** The relay's proof of work, solved with altcha-lib on WebCrypto (a real site would use a worker; the widgets do). */
async function solveRelayChallenge(challenge) {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('challenge not solved');
  return btoa(JSON.stringify({ challenge, solution }));
}

// The relay is reached through this page's own origin (serve.mjs forwards /v1/*).
const client = createClient({ backend: relay({ url: location.origin, solveChallenge: solveRelayChallenge }), locale: 'fr' });

const refreshPending = async () => {
  pending.value = String(await client.pending());
};
client.on('queued', () => {
  status.textContent = 'Pas de réseau : votre inscription est gardée sur cet appareil et partira dès le retour de la connexion.';
  refreshPending();
});
client.on('sent', ({ replayed }) => {
  if (replayed) status.textContent = 'Connexion retrouvée : votre inscription est bien arrivée. Merci !';
  refreshPending();
});
client.on('expired', refreshPending);
refreshPending();

function showIssues(issues) {
  for (const slot of form.querySelectorAll('.error')) slot.textContent = '';
  for (const issue of issues) {
    const slot = document.getElementById(`error-${issue.path}`);
    if (slot) slot.textContent = issue.message;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  status.textContent = 'Envoi…';
  const data = new FormData(form);
  const consent = data.get('consentEmail')
    ? [
        {
          purpose: 'email',
          granted: true,
          textVersion: 'newsletter-2026-11',
          textHash: await hashNoticeText(document.querySelector('#consent-email-text').textContent),
          language: 'fr',
        },
      ]
    : [];
  const person = { email: String(data.get('email') ?? '') };
  if (data.get('givenName')) person.givenName = String(data.get('givenName'));
  try {
    const result = await client.signup(
      { person, consent, source: { pageUrl: location.href } },
      { bot: { honeypot: String(data.get('website') ?? ''), fillMs: Math.round(performance.now() - shownAt) } },
    );
    showIssues([]);
    if (result.status === 'sent') {
      // A relay with double opt-in (its default for signups) counts the signup once the person confirms by email.
      status.textContent =
        result.receipt.confirmation === 'email'
          ? 'Merci ! Confirmez votre inscription avec le lien que nous venons de vous envoyer par e-mail.'
          : 'Merci ! Votre inscription est enregistrée.';
      form.reset();
    }
  } catch (error) {
    if (error instanceof TractValidationError || error instanceof TractRejectedError) {
      showIssues(error.issues);
      status.textContent = error instanceof TractValidationError ? 'Vérifiez les champs signalés.' : `Refusé : ${error.message}`;
    } else {
      status.textContent = "L'envoi a échoué ; réessayez dans un moment.";
    }
  }
});
