/**
 * The side panel's form: filled from the extracted profile, editable, read
 * back as a profile plus an interaction entry, and showing field issues next
 * to their field (announced, tied with `aria-describedby`).
 */
import { type FieldIssue, INTERACTIONS, type Interaction, LAWFUL_BASES, type LawfulBasis, NETWORKS, type Network } from '@tract/sdk/schema';
import type { InteractionEntry } from '../contact.js';
import type { ClippedProfile } from '../extractors/types.js';
import type { MessageKey, Translate } from '../i18n/translate.js';
import { networkName } from '../notice.js';
import { parseTags } from '../settings.js';
import { byId, fillSelect } from '../ui/dom.js';

const FIELDS_WITH_ERRORS = [
  'network',
  'handle',
  'displayName',
  'profileUrl',
  'postUrl',
  'avatarUrl',
  'interaction',
  'note',
  'tags',
  'supportLevel',
  'lawfulBasis',
  'informed',
];

const INTERACTION_LABELS: Record<Interaction, MessageKey> = {
  commented: 'interactionCommented',
  replied: 'interactionReplied',
  shared: 'interactionShared',
  liked: 'interactionLiked',
  mentioned: 'interactionMentioned',
  messaged: 'interactionMessaged',
  followed: 'interactionFollowed',
  met_in_person: 'interactionMetInPerson',
};

const BASIS_LABELS: Record<LawfulBasis, MessageKey> = {
  consent: 'basisConsent',
  legitimate_interest: 'basisLegitimateInterest',
  member: 'basisMember',
};

export class ContactForm {
  readonly form: HTMLFormElement;
  private avatarUrl: string | undefined;

  constructor(
    private readonly document: Document,
    private readonly t: Translate,
  ) {
    this.form = byId<HTMLFormElement>(document, 'contact-form');
    fillSelect(
      byId<HTMLSelectElement>(document, 'network'),
      NETWORKS.map((network) => ({ value: network, label: networkName(network) })),
    );
    fillSelect(
      byId<HTMLSelectElement>(document, 'interaction'),
      INTERACTIONS.map((interaction) => ({ value: interaction, label: t(INTERACTION_LABELS[interaction]) })),
    );
    const levels = ['', '1', '2', '3', '4', '5'];
    byId(document, 'support-choices').replaceChildren(
      ...levels.map((level) => this.radio('supportLevel', level, level === '' ? t('supportUnknown') : t('supportLevelChoice', level))),
    );
    byId(document, 'basis-choices').replaceChildren(
      ...LAWFUL_BASES.map((basis) => this.radio('lawfulBasis', basis, t(BASIS_LABELS[basis]))),
    );
  }

  private radio(name: string, value: string, label: string): HTMLElement {
    const wrapper = this.document.createElement('div');
    wrapper.className = 'check';
    const input = this.document.createElement('input');
    input.type = 'radio';
    input.name = name;
    input.value = value;
    input.id = `${name}-${value || 'unknown'}`;
    const text = this.document.createElement('label');
    text.htmlFor = input.id;
    text.textContent = label;
    wrapper.append(input, text);
    return wrapper;
  }

  /**
   * Shows a newly extracted person, resetting what was logged about the last one.
   * @param defaultTags the organizer's default tags, pre-filled
   */
  show(profile: ClippedProfile, defaultTags: string[]): void {
    this.form.reset();
    this.clearIssues();
    this.input('network').value = profile.network;
    this.input('handle').value = profile.handle;
    this.input('displayName').value = profile.displayName;
    this.input('profileUrl').value = profile.profileUrl;
    this.input('postUrl').value = profile.postUrl ?? '';
    this.input('tags').value = defaultTags.join(', ');
    this.avatarUrl = profile.avatarUrl;
    byId(this.document, 'avatar-choice').hidden = !profile.avatarUrl;
    this.checked('supportLevel', '');
    this.checked('lawfulBasis', 'legitimate_interest');
    this.form.hidden = false;
  }

  hide(): void {
    this.form.hidden = true;
  }

  /** Suggests the organizer's recent tags as buttons that add the tag. */
  suggestTags(recentTags: string[]): void {
    const tagsInput = this.input('tags');
    byId(this.document, 'tag-suggestions').replaceChildren(
      ...recentTags.map((tag) => {
        const button = this.document.createElement('button');
        button.type = 'button';
        button.className = 'tag';
        button.textContent = tag;
        button.setAttribute('aria-label', this.t('addTag', tag));
        button.addEventListener('click', () => {
          tagsInput.value = [...new Set([...parseTags(tagsInput.value), tag])].join(', ');
        });
        return button;
      }),
    );
  }

  /** The profile as the organizer edited it, and what they logged. */
  read(): { profile: ClippedProfile; entry: InteractionEntry } {
    const support = this.selected('supportLevel');
    const postUrl = this.input('postUrl').value.trim();
    return {
      profile: {
        network: this.input('network').value as Network,
        handle: this.input('handle').value,
        displayName: this.input('displayName').value,
        profileUrl: this.input('profileUrl').value.trim(),
        ...(this.avatarUrl ? { avatarUrl: this.avatarUrl } : {}),
        ...(postUrl ? { postUrl } : {}),
      },
      entry: {
        interaction: this.input('interaction').value as Interaction,
        note: this.input('note').value,
        tags: parseTags(this.input('tags').value),
        supportLevel: support ? Number(support) : undefined,
        lawfulBasis: (this.selected('lawfulBasis') ?? 'legitimate_interest') as LawfulBasis,
        informed: this.input('informed').checked,
        keepAvatar: this.input('keepAvatar').checked,
      },
    };
  }

  /** Shows each issue under its field and moves focus to the first one. */
  showIssues(issues: FieldIssue[]): void {
    this.clearIssues();
    let first: HTMLElement | undefined;
    for (const issue of issues) {
      const field = issue.path.split('.')[0] ?? '';
      const known = FIELDS_WITH_ERRORS.includes(field);
      const message = byId(this.document, known ? `${field}-error` : 'form-error');
      message.textContent = message.textContent ? `${message.textContent} ${issue.message}` : issue.message;
      if (!known) continue;
      const control = this.document.getElementById(field === 'avatarUrl' ? 'keepAvatar' : field);
      control?.setAttribute('aria-invalid', 'true');
      first ??= control ?? undefined;
    }
    byId(this.document, 'form-error').textContent ||= this.t('formHasIssues');
    (first?.matches('fieldset') ? first.querySelector('input') : first)?.focus();
  }

  clearIssues(): void {
    for (const element of this.form.querySelectorAll('.field-error')) element.textContent = '';
    for (const element of this.form.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
  }

  private input(name: string): HTMLInputElement {
    return this.form.elements.namedItem(name) as HTMLInputElement;
  }

  private selected(name: string): string | undefined {
    const checked = this.form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
    return checked?.value || undefined;
  }

  private checked(name: string, value: string): void {
    const radio = this.form.querySelector<HTMLInputElement>(`input[name="${name}"][value="${value}"]`);
    if (radio) radio.checked = true;
  }
}
