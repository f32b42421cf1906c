import { z } from 'zod';
import { TODO_PROBLEM_BASE } from './problems';
import {
  attachmentDownload,
  attachmentName,
  attachmentUpload,
  attachmentUploadRequest,
  createTodoRequest,
  problem,
  replaceTodoRequest,
  todoIdParameter,
  todoItem,
  todoList,
} from './schemas';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), for the side it describes. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const problemOf = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});
const todoId = { name: 'todoId', in: 'path', required: true, schema: schemaOf(todoIdParameter, 'input') };
const signedIn = [{ cognito: [] }];
const common = {
  '401': problemOf('No valid ID token (answered by the Cognito authorizer)'),
  '429': problemOf('Throttled'),
};

let cached: JsonSchema | undefined;

/** The OpenAPI 3.1 document of MyTodoList's API, from the schemas the handlers validate with. */
export function describeTodoOpenApi(): JsonSchema {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'MyTodoList API',
      version: '1.0.0',
      description: `A user's own to-dos. Send the Cognito ID token in Authorization. Errors are problem details whose type starts with ${TODO_PROBLEM_BASE}. GETs are cached per user for up to 10 s.`,
    },
    components: {
      securitySchemes: {
        cognito: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'The ID token from the Cognito user pool (InitiateAuth)',
        },
      },
      schemas: {
        CreateTodoRequest: schemaOf(createTodoRequest, 'input'),
        ReplaceTodoRequest: schemaOf(replaceTodoRequest, 'input'),
        AttachmentUploadRequest: schemaOf(attachmentUploadRequest, 'input'),
        Todo: schemaOf(todoItem, 'output'),
        TodoList: schemaOf(todoList, 'output'),
        AttachmentUpload: schemaOf(attachmentUpload, 'output'),
        AttachmentDownload: schemaOf(attachmentDownload, 'output'),
        Problem: schemaOf(problem, 'output'),
      },
    },
    security: signedIn,
    paths: {
      '/todos': {
        get: {
          summary: "The signed-in user's to-dos, a page at a time",
          parameters: [{ name: 'cursor', in: 'query', required: false, schema: { type: 'string' } }],
          responses: { '200': { description: 'A page', content: json('TodoList') }, ...common },
        },
        post: {
          summary: 'Add a to-do; with dueAt, a reminder is sent through SNS when it falls due',
          requestBody: { required: true, content: json('CreateTodoRequest') },
          responses: {
            '201': { description: 'Created (Location, ETag)', content: json('Todo') },
            '400': problemOf('Invalid JSON or fields (dueAt more than a year ahead)'),
            '415': problemOf('Not application/json'),
            ...common,
          },
        },
      },
      '/todos/{todoId}': {
        parameters: [todoId],
        get: {
          summary: 'One to-do (another user’s is not found)',
          responses: {
            '200': { description: 'The to-do (ETag)', content: json('Todo') },
            '404': problemOf('No such to-do'),
            ...common,
          },
        },
        put: {
          summary:
            'Replace a to-do; If-Match: "<version>" refuses a lost update. A new dueAt replaces the waiting reminder; completed: true cancels it',
          requestBody: { required: true, content: json('ReplaceTodoRequest') },
          responses: {
            '200': { description: 'Replaced (ETag)', content: json('Todo') },
            '400': problemOf('Invalid fields'),
            '404': problemOf('No such to-do'),
            '412': problemOf('If-Match names an older version'),
            ...common,
          },
        },
        delete: {
          summary: 'Delete a to-do, its attachments and its waiting reminder',
          responses: { '204': { description: 'Deleted' }, '404': problemOf('No such to-do'), ...common },
        },
      },
      '/todos/{todoId}/attachments': {
        parameters: [todoId],
        post: {
          summary: "A presigned PUT URL for an attachment in the user's own folder",
          requestBody: { required: true, content: json('AttachmentUploadRequest') },
          responses: {
            '201': { description: 'Upload URL', content: json('AttachmentUpload') },
            '404': problemOf('No such to-do'),
            '409': problemOf('Too many attachments'),
            ...common,
          },
        },
      },
      '/todos/{todoId}/attachments/{name}': {
        parameters: [
          todoId,
          { name: 'name', in: 'path', required: true, schema: schemaOf(attachmentName, 'input') },
        ],
        get: {
          summary: 'A presigned GET URL for an attachment',
          responses: {
            '200': { description: 'Download URL', content: json('AttachmentDownload') },
            '404': problemOf('No such to-do or attachment'),
            ...common,
          },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
    },
  };
  return cached;
}
