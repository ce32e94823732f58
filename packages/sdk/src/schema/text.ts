/**
 * Normalisation of what people type, shared by every text field.
 *
 * Why strip rather than reject invisible characters: autofill, copy-paste from
 * messaging apps and some keyboards insert zero-width and bidi marks that the
 * person never sees. Rejecting them would fail honest people; keeping them
 * would let "adm\u202Enim" render as something else in an admin screen.
 */

/** Zero-width, bidi-control, soft-hyphen and other invisible format characters. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
/** C0/C1 control characters except tab and newline, which notes may keep. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** One-line text: invisibles and controls removed, NFC, inner whitespace collapsed, trimmed. */
export function cleanLine(value: string): string {
  return value.replace(INVISIBLE, '').replace(CONTROL, '').replace(/\s+/g, ' ').normalize('NFC').trim();
}

/** Multi-line text (notes, comments): as cleanLine, but line breaks survive (at most two in a row). */
export function cleanMultiline(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .normalize('NFC')
    .trim();
}
