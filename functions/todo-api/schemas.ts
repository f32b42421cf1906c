import { z } from 'zod';
import { MAX_NOTES_LENGTH, MAX_TITLE_LENGTH, todo } from '../../topology/todo';

/**
 * Every request and response body of MyTodoList's API. The handlers validate with them and the
 * OpenAPI document is generated from them.
 */

/** Most attachments a to-do keeps: the list lives in the to-do's item (400 KB at most). */
export const MAX_ATTACHMENTS = 20;

/** A due time as UTC, to the second (what the reminder workflow's Wait state takes). */
const dueAt = z.iso
  .datetime({ offset: true, error: 'dueAt must be an RFC 3339 date-time such as 2030-01-31T09:00:00Z' })
  .transform((text) => new Date(text).toISOString().replace(/\.\d{3}Z$/, 'Z'));

const title = z
  .string({ error: 'title must be text' })
  .trim()
  .min(1, 'title must not be empty')
  .max(MAX_TITLE_LENGTH, `title must be at most ${MAX_TITLE_LENGTH} characters`);

const notes = z.string().max(MAX_NOTES_LENGTH, `notes must be at most ${MAX_NOTES_LENGTH} characters`);

export const createTodoRequest = z
  .object({ title, notes: notes.optional(), dueAt: dueAt.optional() })
  .strict();

/** PUT replaces what the user edits: a field left out is cleared (dueAt, notes) or false (completed). */
export const replaceTodoRequest = z
  .object({ title, notes: notes.optional(), dueAt: dueAt.optional(), completed: z.boolean().default(false) })
  .strict();

export const attachmentName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$/,
    'name must be 1 to 100 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit',
  )
  .refine((name) => !name.includes('..'), 'name must not contain ..');

export const attachmentUploadRequest = z
  .object({
    name: attachmentName,
    contentType: z
      .string()
      .regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'contentType must be a media type such as image/jpeg'),
    size: z
      .number({ error: 'size must be a number of bytes' })
      .int('size must be a whole number of bytes')
      .min(1, 'size must be at least 1 byte')
      .max(todo.storage.maxAttachmentBytes, `size must be at most ${todo.storage.maxAttachmentBytes} bytes`),
  })
  .strict();

export const todoIdParameter = z.uuid({ error: 'todo id must be a UUID' });

export const attachment = z.object({
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
  key: z
    .string()
    .meta({ description: "Where it is in the attachments bucket: under the user's own folder." }),
});

export const todoItem = z.object({
  todoId: z.string(),
  title: z.string(),
  notes: z.string().optional(),
  dueAt: z.string().optional(),
  completed: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().meta({ description: 'Send it back as If-Match: "<version>" to refuse a lost update.' }),
  attachments: z.array(attachment),
});

export const todoList = z.object({
  todos: z.array(todoItem),
  nextCursor: z.string().optional().meta({ description: 'Pass as ?cursor= for the next page.' }),
});

const presigned = (method: 'PUT' | 'GET') =>
  z.object({
    method: z.literal(method),
    url: z.string().meta({ description: 'Presigned S3 URL in the user’s folder.' }),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
  });

export const attachmentUpload = z.object({ attachment, upload: presigned('PUT') });
export const attachmentDownload = z.object({ attachment, download: presigned('GET') });

export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type CreateTodoRequest = z.output<typeof createTodoRequest>;
export type ReplaceTodoRequest = z.output<typeof replaceTodoRequest>;
export type AttachmentUploadRequest = z.output<typeof attachmentUploadRequest>;
export type Attachment = z.infer<typeof attachment>;
export type Todo = z.infer<typeof todoItem>;
export type TodoList = z.infer<typeof todoList>;
export type AttachmentUpload = z.infer<typeof attachmentUpload>;
export type AttachmentDownload = z.infer<typeof attachmentDownload>;
