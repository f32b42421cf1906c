import { h, on } from './dom';

/**
 * Drives the pipeline the way the blog does, from this browser: a sign-up posted to the blog
 * API, and a photo uploaded with the presigned URL the API hands out (the browser PUTs the file
 * to S3 itself, with the signed type and length).
 */

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function post(apiUrl: string, path: string, body: unknown): Promise<Answer> {
  const response = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const describe = (answer: Answer) =>
  answer.status < 300
    ? `${answer.status}: ${JSON.stringify(answer.body)}`
    : `${answer.status} ${String(answer.body['title'] ?? '')}: ${String(answer.body['detail'] ?? '')}`;

function signUpForm(apiUrl: string): HTMLElement {
  const email = h('input', {
    type: 'email',
    name: 'email',
    placeholder: 'you@example.com',
    required: true,
    'data-testid': 'try-email',
  });
  const name = h('input', {
    type: 'text',
    name: 'name',
    placeholder: 'Your name',
    required: true,
    'data-testid': 'try-name',
  });
  const locale = h(
    'select',
    { name: 'locale' },
    ...['en-GB', 'de-DE', 'fr-FR', 'es-ES'].map((tag) => h('option', { value: tag }, tag)),
  );
  const consent = h('input', { type: 'checkbox', name: 'consent', checked: true });
  const result = h('p', { class: 'result', 'data-testid': 'try-signup-result' });
  const form = h(
    'form',
    { class: 'card try', 'data-testid': 'try-signup' },
    h('h3', {}, 'Sign up', h('code', {}, 'POST /subscribers')),
    h('label', {}, 'Email ', email),
    h('label', {}, 'Name ', name),
    h('label', {}, 'Locale ', locale),
    h('label', {}, consent, ' I want the newsletter'),
    h('button', { type: 'submit' }, 'Sign up'),
    result,
  );
  on(form, 'submit', (event) => {
    event.preventDefault();
    result.textContent = 'Sending…';
    post(apiUrl, '/subscribers', {
      email: email.value,
      name: name.value,
      locale: locale.value,
      consent: consent.checked,
    }).then(
      (answer) => (result.textContent = describe(answer)),
      (error: unknown) => (result.textContent = (error as Error).message),
    );
  });
  return form;
}

function uploadForm(apiUrl: string): HTMLElement {
  const file = h('input', { type: 'file', accept: 'image/*', required: true, 'data-testid': 'try-file' });
  const result = h('p', { class: 'result', 'data-testid': 'try-upload-result' });
  const form = h(
    'form',
    { class: 'card try', 'data-testid': 'try-upload' },
    h('h3', {}, 'Upload a photo', h('code', {}, 'POST /photos, then PUT to S3')),
    h('label', {}, file),
    h('button', { type: 'submit' }, 'Upload'),
    result,
  );
  on(form, 'submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (chosen === undefined) return;
    result.textContent = 'Asking the API for an upload URL…';
    void (async () => {
      const answer = await post(apiUrl, '/photos', { contentType: chosen.type, size: chosen.size });
      if (answer.status !== 201) {
        result.textContent = describe(answer);
        return;
      }
      const { photoId, upload } = answer.body as {
        photoId: string;
        upload: { url: string; headers: Record<string, string> };
      };
      result.textContent = 'Uploading to S3…';
      // The browser sets Content-Length from the body itself; Content-Type must be the signed one.
      const put = await fetch(upload.url, {
        method: 'PUT',
        headers: { 'Content-Type': chosen.type },
        body: chosen,
      });
      result.textContent = put.ok
        ? `Uploaded as photo ${photoId}; its thumbnails appear on the Thumbnails tab (GET ${apiUrl}/photos/${photoId}).`
        : `S3 refused the upload: HTTP ${put.status}`;
      result.dataset['photoId'] = photoId;
    })().catch((error: unknown) => (result.textContent = (error as Error).message));
  });
  return form;
}

/** The Try it tab. */
export function tryPanel(apiUrl: string): HTMLElement {
  return h(
    'div',
    { class: 'try-panel' },
    h(
      'p',
      { class: 'meta' },
      `Through the blog API at ${apiUrl}, as the site would (`,
      h('a', { href: `${apiUrl}/openapi.json` }, 'OpenAPI'),
      ').',
    ),
    h('div', { class: 'try-forms' }, signUpForm(apiUrl), uploadForm(apiUrl)),
  );
}
