import { templateLocale, type Subscriber, type SupportedLocale } from '../shared/subscriber';

export interface RenderedEmail {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly locale: SupportedLocale;
}

interface Copy {
  subject: (name: string) => string;
  greeting: (name: string) => string;
  body: string;
  cta: string;
  footer: string;
}

const COPY: Record<SupportedLocale, Copy> = {
  en: {
    subject: (name) => `Welcome to MyBlog, ${name}!`,
    greeting: (name) => `Hello ${name},`,
    body: 'Thank you for subscribing. You will hear from us when a new post or software update is out.',
    cta: 'Read the latest posts',
    footer: 'You receive this email because you subscribed on MyBlog.com.',
  },
  fr: {
    subject: (name) => `Bienvenue sur MyBlog, ${name} !`,
    greeting: (name) => `Bonjour ${name},`,
    body: 'Merci de votre inscription. Nous vous écrirons à chaque nouvel article ou mise à jour.',
    cta: 'Lire les derniers articles',
    footer: 'Vous recevez cet e-mail car vous vous êtes inscrit sur MyBlog.com.',
  },
  de: {
    subject: (name) => `Willkommen bei MyBlog, ${name}!`,
    greeting: (name) => `Hallo ${name},`,
    body: 'Danke für Ihr Abonnement. Wir melden uns bei neuen Beiträgen und Software-Updates.',
    cta: 'Die neuesten Beiträge lesen',
    footer: 'Sie erhalten diese E-Mail, weil Sie sich auf MyBlog.com angemeldet haben.',
  },
  es: {
    subject: (name) => `¡Bienvenido a MyBlog, ${name}!`,
    greeting: (name) => `Hola ${name}:`,
    body: 'Gracias por suscribirte. Te escribiremos cuando haya un nuevo artículo o actualización.',
    cta: 'Leer los últimos artículos',
    footer: 'Recibes este correo porque te suscribiste en MyBlog.com.',
  },
  pt: {
    subject: (name) => `Boas-vindas ao MyBlog, ${name}!`,
    greeting: (name) => `Olá ${name},`,
    body: 'Obrigado por se inscrever. Escreveremos quando houver um novo artigo ou atualização de software.',
    cta: 'Ler os artigos mais recentes',
    footer: 'Você recebe este e-mail porque se inscreveu no MyBlog.com.',
  },
};

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] as string);
}

/** Subject lines are one header line: fold any whitespace run, line breaks included, to a space. */
function headerSafe(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The welcome email for a subscriber, in their language, with every user value escaped. */
export function renderWelcomeEmail(subscriber: Subscriber, siteUrl: string): RenderedEmail {
  const locale = templateLocale(subscriber.locale);
  const copy = COPY[locale];
  const name = subscriber.name;
  const html = [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><title>MyBlog</title></head>',
    '<body style="font-family: sans-serif">',
    `<p>${escapeHtml(copy.greeting(name))}</p>`,
    `<p>${escapeHtml(copy.body)}</p>`,
    `<p><a href="${escapeHtml(siteUrl)}">${escapeHtml(copy.cta)}</a></p>`,
    `<p style="color: #666; font-size: 12px">${escapeHtml(copy.footer)}</p>`,
    '</body>',
    '</html>',
  ].join('\n');
  const text = [copy.greeting(name), '', copy.body, '', `${copy.cta}: ${siteUrl}`, '', copy.footer].join(
    '\n',
  );
  return { to: subscriber.email, subject: headerSafe(copy.subject(name)), html, text, locale };
}
