/**
 * Rules for text a person typed that is later shown to other people (a name in an email's subject
 * and greeting). Each is a plain predicate so that a schema can name the field it failed on.
 */

/**
 * A UTF-16 surrogate without its pair. Such a string is not Unicode at all: it cannot be written as
 * UTF-8, so DynamoDB refuses it (and that refusal, a service error, would reach the client as a
 * 503 to retry forever). Written without the `u` flag, which matches code units one by one.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when every surrogate in `text` is part of a pair (String.prototype.isWellFormed, ES2024). */
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/**
 * U+FFFD is what bytes that are not UTF-8 become when a body is decoded on the way in (API Gateway
 * does so before the function sees it): nobody types it, so finding it means the text was damaged.
 */
export const hasReplacementCharacter = (text: string): boolean => text.includes('\uFFFD');

/**
 * Bidirectional formatting characters (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM).
 * U+202E in a name reverses the rest of the subject line it is put in ("Welcome, ‮moc.knab"),
 * the "Trojan Source" trick; a name written in a right-to-left script needs none of them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

export const hasBidiControl = (text: string): boolean => BIDI_CONTROLS.test(text);

/**
 * An RFC 2047 encoded-word (`=?utf-8?B?...?=`). A mail client decodes these in a header, so a name
 * carrying one would be shown as whatever it encodes, not as what was validated.
 */
const ENCODED_WORD = /=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=/;

export const hasEncodedWord = (text: string): boolean => ENCODED_WORD.test(text);

/**
 * Characters that draw nothing: spaces, controls, format characters (zero-width space and joiners),
 * combining marks on their own, and the letters used as blanks (Hangul fillers, the blank Braille
 * pattern). Zero-width joiners inside a name are fine (emoji sequences, Persian): only a name made
 * of nothing else is refused.
 */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{M}\p{Z}\u115F\u1160\u3164\uFFA0\u2800]/gu;

export const hasVisibleCharacter = (text: string): boolean => text.replace(INVISIBLE, '') !== '';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** User-perceived characters (extended grapheme clusters): 👍🏽 and é written as e + ◌́ are one each. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _segment of graphemes.segment(text)) count += 1;
  return count;
}
