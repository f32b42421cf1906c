import { z } from 'zod';
import {
  characterCount,
  hasBidiControl,
  hasEncodedWord,
  hasReplacementCharacter,
  hasVisibleCharacter,
  isWellFormed,
} from './text-rules';

/** Locales the welcome email is written in; any other valid tag falls back to English. */
export const SUPPORTED_LOCALES = ['en', 'fr', 'de', 'es', 'pt'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * What a subscriber is, wherever it comes from (stream record, REST API). Control characters are
 * refused everywhere: a CR/LF in an address or name is a header-injection attempt. The rules are
 * the same on both paths, so a row the API refused can never be emailed from the stream either.
 */
export const subscriberSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254, 'email is longer than 254 characters')
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'email contains control characters')
    .pipe(z.email('email is not a valid address'))
    .transform((value) => value.toLowerCase()),
  /**
   * The name goes into the welcome email's subject and greeting, shown to the subscriber by their
   * mail client, so it must be text that shows as itself. Its limit is what the person sees:
   * 100 user-perceived characters (grapheme clusters: 👍🏽 is one, so 60 emoji are 60 characters
   * and pass), counted as the sign-up form's user would; and, because one such character can hold
   * any number of combining marks, at most 400 code points, which bounds what is stored and sent.
   */
  name: z
    .string()
    .trim()
    .min(1, 'name is empty')
    .max(400, 'name is longer than 400 code points')
    .refine(isWellFormed, 'name is not well-formed Unicode: it holds a lone UTF-16 surrogate')
    .refine(
      (value) => !hasReplacementCharacter(value),
      'name contains U+FFFD, the replacement character: the body was not valid UTF-8',
    )
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'name contains control characters')
    .refine(
      (value) => !hasBidiControl(value),
      'name contains a bidirectional control character (such as U+202E), which would reorder the subject line',
    )
    .refine(
      (value) => !hasEncodedWord(value),
      'name contains a MIME encoded-word (=?charset?B|Q?...?=), which a mail client would decode in the subject',
    )
    .refine(hasVisibleCharacter, 'name has no visible character (only spaces or zero-width characters)')
    .refine((value) => characterCount(value) <= 100, 'name is longer than 100 characters')
    .meta({
      // The rules a regular expression can state, for clients that check before sending.
      pattern: String.raw`^(?![\s\S]*=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)[^\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffd]*$`,
      description:
        'At most 100 user-perceived characters (grapheme clusters) and 400 code points, with at least one visible character. Refused: lone UTF-16 surrogates, U+FFFD, control characters, bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) and MIME encoded-words (=?charset?B|Q?...?=).',
    }),
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'locale must look like "en" or "en-GB"'),
  consent: z.literal(true, { error: 'consent must be true: we only email people who asked' }),
});

export type Subscriber = z.infer<typeof subscriberSchema>;

/** The language of a locale tag that we have templates for, English otherwise. */
export function templateLocale(locale: string): SupportedLocale {
  const language = locale.slice(0, 2);
  return (SUPPORTED_LOCALES as readonly string[]).includes(language) ? (language as SupportedLocale) : 'en';
}
