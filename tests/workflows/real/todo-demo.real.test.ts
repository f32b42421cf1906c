import { SFNClient } from '@aws-sdk/client-sfn';
import { runTodoDemo } from '../../../local/demo/todo-scenario';
import { startTodo, type TodoUnderTest } from './todo-local';

const SCALE = 0.01;
let todo: TodoUnderTest;
beforeAll(async () => {
  todo = await startTodo(SCALE);
}, 60_000);
afterAll(() => todo?.stop());

test('the MyTodoList demo passes: sign-ups, to-dos, an attachment, a refused folder, a reminder, replaced and cancelled reminders', async () => {
  const lines: string[] = [];
  const sfn = new SFNClient({
    endpoint: todo.stepFunctions.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

  const ok = await runTodoDemo(todo.backend, sfn, SCALE, (line) => lines.push(line));

  sfn.destroy();
  expect(lines.filter((line) => line.includes('✗'))).toEqual([]);
  expect(ok).toBe(true);
  expect(lines.join('\n')).toContain('bo is refused ana’s folder with his credentials: AccessDenied');
}, 90_000);
