import { Shutdown, StopRequested } from '../../../local/start/shutdown';

test('stops every part, the newest first, once however often it is asked', async () => {
  const stopped: string[] = [];
  const shutdown = new Shutdown(() => undefined);
  for (const name of ['moto', 'pipeline', 'dashboard'])
    await shutdown.start(
      name,
      async () => name,
      async (part) => void stopped.push(part),
    );
  shutdown.add('runtime info', () => void stopped.push('runtime info'));
  await Promise.all([shutdown.stop(), shutdown.stop()]);
  expect(stopped).toEqual(['runtime info', 'dashboard', 'pipeline', 'moto']);
});

test('a stop asked for while a part starts waits for it, stops it too, and starts nothing more', async () => {
  const stopped: string[] = [];
  const shutdown = new Shutdown(() => undefined);
  await shutdown.start(
    'moto',
    async () => 'moto',
    async (part) => void stopped.push(part),
  );
  let up: (part: string) => void = () => undefined;
  const starting = shutdown.start(
    'pipeline',
    () => new Promise<string>((resolve) => (up = resolve)),
    async (part) => void stopped.push(part),
  );
  const stopping = shutdown.stop();
  up('pipeline');
  await expect(starting).rejects.toThrow(StopRequested);
  await stopping;
  expect(stopped).toEqual(['pipeline', 'moto']);
  let begun = false;
  await expect(
    shutdown.start(
      'dashboard',
      async () => (begun = true),
      async () => undefined,
    ),
  ).rejects.toThrow(StopRequested);
  expect(begun).toBe(false);
});

test('a part that failed to start is not stopped; one that fails to stop does not keep the others up', async () => {
  const stopped: string[] = [];
  const reported: string[] = [];
  const shutdown = new Shutdown((line) => reported.push(line));
  await shutdown.start(
    'moto',
    async () => 'moto',
    async (part) => void stopped.push(part),
  );
  await shutdown.start(
    'pipeline',
    async () => 'pipeline',
    async () => {
      throw new Error('stuck');
    },
  );
  await expect(
    shutdown.start(
      'dashboard',
      () => Promise.reject(new Error('EADDRINUSE')),
      async () => void stopped.push('no'),
    ),
  ).rejects.toThrow('EADDRINUSE');
  await shutdown.stop();
  expect(stopped).toEqual(['moto']);
  expect(reported).toEqual(['pipeline did not stop cleanly: stuck']);
});
