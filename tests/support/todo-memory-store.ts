import type { StoredTodo, TodoStore } from '../../functions/todo-api/store';

/**
 * The API's store in memory, keyed as the todos table is (user, to-do), with what a test needs to
 * observe: the objects deleted and the URLs signed. Identity ids are `region:<sub of the token>`.
 */
export class MemoryTodoStore implements TodoStore {
  readonly rows = new Map<string, StoredTodo>();
  readonly deletedObjects: string[] = [];

  private static key(userId: string, todoId: string): string {
    return `${userId}\u0000${todoId}`;
  }

  async list(userId: string, limit: number, cursor?: string) {
    const mine = [...this.rows.values()]
      .filter((row) => row.userId === userId)
      .sort((a, b) => a.todoId.localeCompare(b.todoId));
    const start = cursor === undefined ? 0 : mine.findIndex((row) => row.todoId > cursor);
    const todos = start < 0 ? [] : mine.slice(start, start + limit);
    const last = todos.at(-1);
    const more = last !== undefined && mine.indexOf(last) < mine.length - 1;
    return { todos, ...(more ? { nextCursor: last.todoId } : {}) };
  }

  async get(userId: string, todoId: string) {
    return this.rows.get(MemoryTodoStore.key(userId, todoId));
  }

  async create(todo: StoredTodo) {
    this.rows.set(MemoryTodoStore.key(todo.userId, todo.todoId), todo);
  }

  async replace(todo: StoredTodo, expectedVersion: number) {
    const current = this.rows.get(MemoryTodoStore.key(todo.userId, todo.todoId));
    if (current === undefined) return 'missing' as const;
    if (current.version !== expectedVersion) return 'conflict' as const;
    this.rows.set(MemoryTodoStore.key(todo.userId, todo.todoId), todo);
    return 'replaced' as const;
  }

  async delete(userId: string, todoId: string) {
    const current = this.rows.get(MemoryTodoStore.key(userId, todoId));
    this.rows.delete(MemoryTodoStore.key(userId, todoId));
    return current;
  }

  async deleteObjects(keys: readonly string[]) {
    this.deletedObjects.push(...keys);
  }

  async presignUpload(key: string, contentType: string, size: number, expiresSeconds: number) {
    return `https://attachments.test/${key}?put&type=${encodeURIComponent(contentType)}&size=${size}&expires=${expiresSeconds}`;
  }

  async presignDownload(key: string, expiresSeconds: number) {
    return `https://attachments.test/${key}?get&expires=${expiresSeconds}`;
  }

  async identityIdOf(idToken: string) {
    return `us-east-1:${idToken.replace(/^token-/, '')}`;
  }
}
