import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { todo as topology } from '../../topology/todo';
import { describeTodoOpenApi } from './openapi';
import {
  AttachmentNotFound,
  InvalidJson,
  MethodNotAllowed,
  PayloadTooLarge,
  RouteNotFound,
  TodoNotFound,
  TooManyAttachments,
  Unauthorized,
  UnsupportedMediaType,
  ValidationFailed,
  VersionMismatch,
} from './problems';
import {
  type AttachmentDownload,
  attachmentName,
  type AttachmentUpload,
  attachmentUploadRequest,
  createTodoRequest,
  MAX_ATTACHMENTS,
  replaceTodoRequest,
  type Todo,
  todoIdParameter,
  type TodoList,
} from './schemas';
import type { StoredTodo, TodoStore } from './store';

/** The signed-in user, as API Gateway's Cognito authorizer passes them on. */
export interface SignedInUser {
  /** The user pool's `sub`: the partition of their to-dos. */
  readonly sub: string;
  /** Their ID token, which Cognito's GetId takes to name their identity (and folder). */
  readonly idToken: string;
}

export interface TodoRequest {
  readonly method: string;
  /** The path without the stage, e.g. `/todos/<id>`. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: string | undefined;
  readonly user: SignedInUser | undefined;
}

export interface TodoResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface TodoApiOptions {
  readonly now?: () => Date;
  readonly newId?: () => string;
  readonly pageSize?: number;
}

/** Request bodies are small JSON documents; anything bigger is refused before parsing. */
export const MAX_BODY_BYTES = 16 * 1024;
/** A Standard execution runs at most a year, and the reminder waits in one. */
export const LONGEST_DUE_MS = 365 * 24 * 3600 * 1000;

const respond = (status: number, body: unknown, headers: Record<string, string> = {}): TodoResponse => ({
  status,
  headers,
  body,
});

function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new ValidationFailed(
    `${what} is not valid: ${errors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`)).join('; ')}`,
    errors,
  );
}

function parseBody<T extends z.ZodType>(schema: T, request: TodoRequest): z.output<T> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new UnsupportedMediaType(
      `Send the body as application/json, not ${type === '' ? 'without a type' : type}`,
    );
  const body = request.body ?? '';
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES)
    throw new PayloadTooLarge(
      `The body is ${Buffer.byteLength(body, 'utf8')} bytes; the limit is ${MAX_BODY_BYTES}`,
    );
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InvalidJson((error as Error).message);
  }
  return validate(schema, json, 'The body');
}

/** The to-do as the client sees it: without the partition key, which is the caller anyway. */
function visible(stored: StoredTodo): Todo {
  const { userId: _owner, ...rest } = stored;
  return rest;
}

const etag = (version: number) => `"${version}"`;

/** `If-Match: "3"` (or `W/"3"`) → 3; undefined when absent; `*` matches any version. */
function expectedVersion(request: TodoRequest): number | '*' | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  if (match === null) throw new ValidationFailed('If-Match must be the ETag of the to-do, e.g. "3"', []);
  return Number(match[1]);
}

/**
 * MyTodoList's REST API over a store: routing, validation and the answers, as plain data. Every
 * route serves the signed-in user only: their to-dos are their partition, and their attachments
 * live in their identity's folder.
 */
export function createTodoApi(store: TodoStore, options: TodoApiOptions = {}) {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const pageSize = options.pageSize ?? 50;
  const expiry = topology.storage.urlExpirySeconds;

  const checkDue = (dueAt: string | undefined) => {
    if (dueAt !== undefined && Date.parse(dueAt) > now().getTime() + LONGEST_DUE_MS)
      throw new ValidationFailed('dueAt must be within a year: a reminder waits at most that long', [
        { path: 'dueAt', message: 'at most a year ahead' },
      ]);
  };

  const owned = async (user: SignedInUser, id: string): Promise<StoredTodo> => {
    const todoId = validate(todoIdParameter, id, 'The to-do id');
    const found = await store.get(user.sub, todoId);
    if (found === undefined) throw new TodoNotFound(`No to-do ${todoId}`);
    return found;
  };

  const folderOf = async (user: SignedInUser) =>
    `${topology.storage.privatePrefix}${await store.identityIdOf(user.idToken)}/`;

  type Handler = (
    request: TodoRequest,
    user: SignedInUser,
    parameters: readonly string[],
  ) => Promise<TodoResponse>;

  const list: Handler = async (request, user) => {
    const page = await store.list(user.sub, pageSize, request.query['cursor']);
    const body: TodoList = {
      todos: page.todos.map(visible),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
    return respond(200, body);
  };

  const create: Handler = async (request, user) => {
    const fields = parseBody(createTodoRequest, request);
    checkDue(fields.dueAt);
    const at = now().toISOString();
    const stored: StoredTodo = {
      userId: user.sub,
      todoId: newId(),
      title: fields.title,
      ...(fields.notes === undefined ? {} : { notes: fields.notes }),
      ...(fields.dueAt === undefined ? {} : { dueAt: fields.dueAt }),
      completed: false,
      createdAt: at,
      updatedAt: at,
      version: 1,
      attachments: [],
    };
    await store.create(stored);
    return respond(201, visible(stored), { Location: `/todos/${stored.todoId}`, ETag: etag(1) });
  };

  const read: Handler = async (_request, user, [id]) => {
    const found = await owned(user, id ?? '');
    return respond(200, visible(found), { ETag: etag(found.version) });
  };

  const replace: Handler = async (request, user, [id]) => {
    const current = await owned(user, id ?? '');
    const fields = parseBody(replaceTodoRequest, request);
    const expected = expectedVersion(request);
    if (typeof expected === 'number' && expected !== current.version)
      throw new VersionMismatch(`The to-do is at version ${current.version}, not ${expected}`);
    checkDue(fields.dueAt);
    const { notes: _notes, dueAt: _dueAt, ...kept } = current;
    const next: StoredTodo = {
      ...kept,
      title: fields.title,
      ...(fields.notes === undefined ? {} : { notes: fields.notes }),
      ...(fields.dueAt === undefined ? {} : { dueAt: fields.dueAt }),
      completed: fields.completed,
      updatedAt: now().toISOString(),
      version: current.version + 1,
    };
    const outcome = await store.replace(next, current.version);
    if (outcome === 'missing') throw new TodoNotFound(`No to-do ${current.todoId}`);
    if (outcome === 'conflict') throw new VersionMismatch('The to-do was changed meanwhile: read it again');
    return respond(200, visible(next), { ETag: etag(next.version) });
  };

  const remove: Handler = async (_request, user, [id]) => {
    const todoId = validate(todoIdParameter, id ?? '', 'The to-do id');
    const deleted = await store.delete(user.sub, todoId);
    if (deleted === undefined) throw new TodoNotFound(`No to-do ${todoId}`);
    await store.deleteObjects(deleted.attachments.map((a) => a.key));
    return respond(204, undefined);
  };

  const addAttachment: Handler = async (request, user, [id]) => {
    const current = await owned(user, id ?? '');
    const fields = parseBody(attachmentUploadRequest, request);
    const others = current.attachments.filter((a) => a.name !== fields.name);
    if (others.length >= MAX_ATTACHMENTS)
      throw new TooManyAttachments(`A to-do keeps at most ${MAX_ATTACHMENTS} attachments`);
    const key = `${await folderOf(user)}${current.todoId}/${fields.name}`;
    const attachment = { name: fields.name, contentType: fields.contentType, size: fields.size, key };
    const next: StoredTodo = {
      ...current,
      attachments: [...others, attachment],
      updatedAt: now().toISOString(),
      version: current.version + 1,
    };
    const outcome = await store.replace(next, current.version);
    if (outcome === 'missing') throw new TodoNotFound(`No to-do ${current.todoId}`);
    if (outcome === 'conflict') throw new VersionMismatch('The to-do was changed meanwhile: try again');
    const body: AttachmentUpload = {
      attachment,
      upload: {
        method: 'PUT',
        url: await store.presignUpload(key, fields.contentType, fields.size, expiry),
        headers: { 'Content-Type': fields.contentType, 'Content-Length': String(fields.size) },
        expiresAt: new Date(now().getTime() + expiry * 1000).toISOString(),
      },
    };
    return respond(201, body, {
      Location: `/todos/${current.todoId}/attachments/${encodeURIComponent(fields.name)}`,
    });
  };

  const readAttachment: Handler = async (_request, user, [id, rawName]) => {
    const current = await owned(user, id ?? '');
    const name = validate(attachmentName, rawName ?? '', 'The attachment name');
    const attachment = current.attachments.find((a) => a.name === name);
    if (attachment === undefined) throw new AttachmentNotFound(`The to-do has no attachment ${name}`);
    const body: AttachmentDownload = {
      attachment,
      download: {
        method: 'GET',
        url: await store.presignDownload(attachment.key, expiry),
        headers: {},
        expiresAt: new Date(now().getTime() + expiry * 1000).toISOString(),
      },
    };
    return respond(200, body);
  };

  const routes: readonly { pattern: RegExp; methods: Readonly<Record<string, Handler>> }[] = [
    { pattern: /^\/todos$/, methods: { GET: list, POST: create } },
    { pattern: /^\/todos\/([^/]+)$/, methods: { GET: read, PUT: replace, DELETE: remove } },
    { pattern: /^\/todos\/([^/]+)\/attachments$/, methods: { POST: addAttachment } },
    { pattern: /^\/todos\/([^/]+)\/attachments\/([^/]+)$/, methods: { GET: readAttachment } },
  ];

  return {
    /** Answers one request; a ProblemError thrown on the way is the caller's to render. */
    async handle(request: TodoRequest): Promise<TodoResponse> {
      // The API's description is public, as the blog's; everything else is per user.
      if (request.path === '/openapi.json' && request.method === 'GET')
        return respond(200, describeTodoOpenApi());
      for (const route of routes) {
        const match = route.pattern.exec(request.path);
        if (match === null) continue;
        const handler = route.methods[request.method];
        if (handler === undefined)
          throw new MethodNotAllowed(
            `${request.path} does not take ${request.method}`,
            Object.keys(route.methods),
          );
        if (request.user === undefined) throw new Unauthorized('The request carries no signed-in user');
        let parameters: string[];
        try {
          parameters = match.slice(1).map((part) => decodeURIComponent(part));
        } catch {
          throw new ValidationFailed(`${request.path} is not valid URL encoding`, []);
        }
        return handler(request, request.user, parameters);
      }
      throw new RouteNotFound(`No route ${request.method} ${request.path}`);
    },
  };
}

export type TodoApi = ReturnType<typeof createTodoApi>;
