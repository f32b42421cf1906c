import type { DeadLetterQueueView, EmailView, PhotoView, ReleaseView } from '../api-types';
import { formatBytes, formatTime, h, on, pretty } from './dom';

const empty = (text: string) => h('p', { class: 'empty' }, text);

/** A Lambda error's cause is JSON with errorMessage and a stack trace: the message is what a reader wants. */
function causeMessage(cause: string | undefined): string {
  try {
    const parsed = JSON.parse(cause ?? '') as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // Not JSON: shown as it is.
  }
  return cause ?? '';
}

/** Every email SES accepted, each rendered in a sandboxed frame (no scripts, no same origin). */
export function outboxView(emails: readonly EmailView[]): HTMLElement {
  if (emails.length === 0) return empty('No email sent yet.');
  return h(
    'div',
    { class: 'outbox' },
    ...emails
      .slice(0, 50)
      .map((email) =>
        h(
          'section',
          { class: 'card email', 'data-testid': 'email' },
          h(
            'dl',
            {},
            h('dt', {}, 'From'),
            h('dd', {}, email.from),
            h('dt', {}, 'To'),
            h('dd', { 'data-testid': 'email-to' }, email.to.join(', ')),
            h('dt', {}, 'Subject'),
            h('dd', { 'data-testid': 'email-subject' }, email.subject),
          ),
          h('iframe', { sandbox: '', srcdoc: email.html, title: email.subject, class: 'email-body' }),
        ),
      ),
  );
}

/** The photos the thumbnail workflow recorded, each with the thumbnails it made. */
export function photosView(photos: readonly PhotoView[]): HTMLElement {
  if (photos.length === 0) return empty('No photo processed yet.');
  return h(
    'div',
    { class: 'photos' },
    ...photos.map((photo) =>
      h(
        'section',
        {
          class: 'card photo',
          'data-testid': 'photo',
          'data-status': photo.status,
          'data-photo-id': photo.photoId,
        },
        h('h3', {}, photo.sourceKey),
        h(
          'p',
          { class: 'meta' },
          photo.status === 'DONE' ? `${photo.format} ${photo.width}×${photo.height} · ` : '',
          `${photo.status} · ${formatTime(photo.updatedAt)}`,
        ),
        photo.error === undefined
          ? null
          : h(
              'p',
              { class: 'error', 'data-testid': 'photo-error' },
              h('strong', {}, photo.error),
              ': ',
              causeMessage(photo.cause),
            ),
        h(
          'div',
          { class: 'thumbnails' },
          ...[...photo.thumbnails]
            .sort((a, b) => a.width - b.width || a.format.localeCompare(b.format))
            .map((thumbnail) =>
              h(
                'figure',
                { 'data-testid': 'thumbnail' },
                h('img', {
                  src: thumbnail.url,
                  alt: `${thumbnail.width} px ${thumbnail.format}`,
                  loading: 'lazy',
                }),
                h(
                  'figcaption',
                  {},
                  `${thumbnail.format} ${thumbnail.width}×${thumbnail.height} · ${formatBytes(thumbnail.bytes)}`,
                ),
              ),
            ),
        ),
      ),
    ),
  );
}

/** The releases in the distribution bucket, which one is latest, and what the audit recorded. */
export function releasesView(releases: readonly ReleaseView[]): HTMLElement {
  if (releases.length === 0) return empty('No release published yet.');
  return h(
    'table',
    { class: 'card releases', 'data-testid': 'releases' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'Version'),
        h('th', {}, 'Files'),
        h('th', {}, 'Audit (Kinesis → release-audit)'),
      ),
    ),
    h(
      'tbody',
      {},
      ...releases.map((release) =>
        h(
          'tr',
          { 'data-testid': 'release', 'data-version': release.version },
          h(
            'td',
            {},
            h('strong', {}, release.version),
            release.latest ? h('span', { class: 'badge status-succeeded' }, 'latest') : null,
          ),
          h(
            'td',
            {},
            h(
              'ul',
              {},
              ...release.files.map((file) => h('li', {}, `${file.key} · ${formatBytes(file.size)}`)),
            ),
          ),
          h(
            'td',
            {},
            release.audit === undefined
              ? 'not recorded yet'
              : `${release.audit.channel} · ${formatBytes(release.audit.totalBytes)} · ${formatTime(release.audit.recordedAt)}`,
          ),
        ),
      ),
    ),
  );
}

/** Every dead-letter queue, what is in it, and a button that sends it back to where it failed. */
export function deadLetterQueuesView(
  queues: readonly DeadLetterQueueView[],
  results: Readonly<Record<string, string>>,
  redrive: (queue: string) => Promise<void>,
): HTMLElement {
  return h(
    'div',
    { class: 'dlqs' },
    ...queues.map((queue) => {
      const button = h(
        'button',
        { type: 'button', disabled: queue.depth === 0, 'data-testid': `redrive-${queue.queue}` },
        'Redrive',
      );
      on(button, 'click', () => {
        button.disabled = true;
        button.textContent = 'Redriving…';
        void redrive(queue.queue);
      });
      return h(
        'section',
        {
          class: `card dlq${queue.depth > 0 ? ' has-messages' : ''}`,
          'data-testid': `dlq-${queue.queue}`,
          'data-depth': queue.depth,
        },
        h(
          'h3',
          {},
          queue.queue,
          h('span', { class: 'depth' }, `${queue.depth} message${queue.depth === 1 ? '' : 's'}`),
        ),
        h('p', { class: 'meta' }, `A redrive sends its messages to ${queue.redrivesTo}.`),
        h(
          'p',
          {},
          button,
          ' ',
          h('span', { class: 'redrive-result', 'data-testid': 'redrive-result' }, results[queue.queue] ?? ''),
        ),
        ...queue.messages.map((message) =>
          h(
            'details',
            { class: 'message', 'data-testid': 'dlq-message' },
            h(
              'summary',
              {},
              `${message.messageId}${message.sentAt === undefined ? '' : ` · ${formatTime(message.sentAt)}`}`,
            ),
            Object.keys(message.attributes).length === 0
              ? null
              : h('pre', {}, JSON.stringify(message.attributes, null, 2)),
            h('pre', {}, pretty(message.body).slice(0, 4000)),
          ),
        ),
      );
    }),
  );
}
