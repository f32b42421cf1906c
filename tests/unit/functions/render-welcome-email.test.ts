import { escapeHtml, renderWelcomeEmail } from '../../../functions/render-welcome-email/templates';
import { handler } from '../../../functions/render-welcome-email/handler';
import { MalformedEvent } from '../../../functions/shared/errors';

const subscriber = { email: 'ada@example.com', name: 'Ada', locale: 'en', consent: true as const };

test('renders subject, HTML and text addressed to the subscriber', () => {
  const email = renderWelcomeEmail(subscriber, 'https://myblog.test');
  expect(email.to).toBe('ada@example.com');
  expect(email.subject).toBe('Welcome to MyBlog, Ada!');
  expect(email.html).toContain('<p>Hello Ada,</p>');
  expect(email.text).toContain('Hello Ada,');
  expect(email.text).toContain('https://myblog.test');
});

test('writes in the subscriber language, and English for a language we have no template for', () => {
  expect(renderWelcomeEmail({ ...subscriber, locale: 'fr-CA' }, 'https://x.test').subject).toBe(
    'Bienvenue sur MyBlog, Ada !',
  );
  expect(renderWelcomeEmail({ ...subscriber, locale: 'de' }, 'https://x.test').html).toContain('lang="de"');
  expect(renderWelcomeEmail({ ...subscriber, locale: 'pt-BR' }, 'https://x.test').subject).toBe(
    'Boas-vindas ao MyBlog, Ada!',
  );
  expect(renderWelcomeEmail({ ...subscriber, locale: 'ja' }, 'https://x.test').locale).toBe('en');
});

test('escapes HTML and script in the name, so it shows as text', () => {
  const email = renderWelcomeEmail(
    { ...subscriber, name: '<script>alert("x")</script> & co' },
    'https://x.test',
  );
  expect(email.html).not.toContain('<script>');
  expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
});

test('keeps the subject on one header line', () => {
  const email = renderWelcomeEmail({ ...subscriber, name: 'Ada\tLovelace' }, 'https://x.test');
  expect(email.subject).toBe('Welcome to MyBlog, Ada Lovelace!');
  expect(email.subject).not.toMatch(/[\r\n\t]/);
});

test('escapes every character that matters in HTML', () => {
  expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
});

test('the handler refuses input that is not a subscriber', async () => {
  await expect(handler({ email: 'nope' })).rejects.toThrow(MalformedEvent);
});
