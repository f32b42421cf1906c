import type { Todo } from './schemas';

/** A to-do as stored: the user it belongs to is its partition. */
export interface StoredTodo extends Todo {
  readonly userId: string;
}

export interface TodoPage {
  readonly todos: readonly StoredTodo[];
  /** Opaque; undefined on the last page. */
  readonly nextCursor?: string;
}

/**
 * What the API reads and writes, behind one interface so its logic is tested without AWS. Every
 * call names the user: no call can reach another user's to-dos.
 */
export interface TodoStore {
  list(userId: string, limit: number, cursor?: string): Promise<TodoPage>;
  get(userId: string, todoId: string): Promise<StoredTodo | undefined>;
  /** Writes the to-do if it does not exist yet. */
  create(todo: StoredTodo): Promise<void>;
  /**
   * Replaces the to-do if it still has `expectedVersion`: 'missing' when it is gone, 'conflict'
   * when another write came first.
   */
  replace(todo: StoredTodo, expectedVersion: number): Promise<'replaced' | 'missing' | 'conflict'>;
  /** Deletes the to-do and returns what it was, or undefined when there was none. */
  delete(userId: string, todoId: string): Promise<StoredTodo | undefined>;
  /** Removes objects of the attachments bucket (a deleted to-do's attachments). */
  deleteObjects(keys: readonly string[]): Promise<void>;
  presignUpload(key: string, contentType: string, size: number, expiresSeconds: number): Promise<string>;
  presignDownload(key: string, expiresSeconds: number): Promise<string>;
  /**
   * The user's identity id in the identity pool, from their ID token (Cognito's GetId): their
   * folder is `private/<identity id>/`, the one their own credentials may use.
   */
  identityIdOf(idToken: string): Promise<string>;
}
