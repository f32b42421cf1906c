import { z } from 'zod';

/** Locales the welcome email is written in; any other valid tag falls back to English. */
export const SUPPORTED_LOCALES = ['en', 'fr', 'de', 'es', 'pt'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * What a subscriber is, wherever it comes from (stream record, REST API). Control characters are
 * refused everywhere: a CR/LF in an address or name is a header-injection attempt.
 */
export const subscriberSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254, 'email is longer than 254 characters')
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'email contains control characters')
    .pipe(z.email('email is not a valid address'))
    .transform((value) => value.toLowerCase()),
  name: z
    .string()
    .trim()
    .min(1, 'name is empty')
    .max(100, 'name is longer than 100 characters')
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'name contains control characters'),
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'locale must look like "en" or "en-GB"'),
  consent: z.literal(true, { error: 'consent must be true: we only email people who asked' }),
});

export type Subscriber = z.infer<typeof subscriberSchema>;

/** The language of a locale tag that we have templates for, English otherwise. */
export function templateLocale(locale: string): SupportedLocale {
  const language = locale.slice(0, 2);
  return (SUPPORTED_LOCALES as readonly string[]).includes(language) ? (language as SupportedLocale) : 'en';
}
