/** GET /api/todo: MyTodoList beside the blog, as `npm start` runs it. */
export type TodoDashboardView =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      /** What a client needs to sign in and call the API. */
      readonly apiUrl: string;
      readonly userPoolId: string;
      readonly userPoolClientId: string;
      readonly identityPoolId: string;
      readonly identityPoolUrl: string;
      readonly storageUrl: string;
      /** The per-user stage cache and DAX's stand-in since start. */
      readonly caches: {
        readonly stage: { readonly hits: number; readonly misses: number };
        readonly daxItems: { readonly hits: number; readonly misses: number };
        readonly daxQueries: { readonly hits: number; readonly misses: number };
        readonly writesThrough: number;
      };
      /** The latest todo-reminder executions, newest first. */
      readonly reminders: readonly {
        readonly executionArn: string;
        readonly name: string;
        readonly todoId: string;
        /** INSERT, MODIFY or REMOVE: the change that started it. */
        readonly change: string;
        readonly status: string;
        /** The error of a failed or stopped one (ReminderReplaced, ReminderCancelled...). */
        readonly error?: string;
        /** sent, cancelled, unchanged, superseded, skipped: what it did. */
        readonly outcome?: string;
        readonly startDate: string;
      }[];
    };
