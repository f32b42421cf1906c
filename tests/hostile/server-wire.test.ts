import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { History } from '../../packages/sfn-engine/src/execution/history';
import type { Json } from '../../packages/asl/src/json';
import { BodyBudget } from '@myblog/local-http';
import { MAX_REQUEST_BYTES } from '../../packages/stepfunctions-local/src/http';
import type { LocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { ROLE, startServer } from '../server/local-server';

// The local Step Functions' wire and history paging, against what a careless or hostile client
// sends (docs/bad-and-hostile-input.md: Hostile input). One server for the file; every test leaves it serving.
let server: LocalStepFunctions;
let sfn: SFNClient;
let logs: string[];

beforeAll(async () => {
  ({ server, sfn, logs } = await startServer());
});
afterAll(async () => {
  sfn.destroy();
  await server.close();
});

const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

interface Answer {
  status: number;
  body: { __type?: string; message?: string; [key: string]: unknown };
}

/**
 * A POST whose body is `prefix`, `padding` bytes of 'x' written chunk by chunk (one
 * shared 64 KiB buffer, so the client itself holds almost nothing) and `suffix`, with or without a
 * Content-Length. Writing stops once the answer arrives: how it ends is the answer, or the error
 * the connection ended with.
 */
function post(
  target: string,
  options: { prefix?: string; padding?: number; suffix?: string; declareLength?: boolean } = {},
): Promise<Answer> {
  const prefix = Buffer.from(options.prefix ?? '{}');
  const padding = options.padding ?? 0;
  const suffix = Buffer.from(options.suffix ?? '');
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `AWSStepFunctions.${target}`,
          ...(options.declareLength === false
            ? { 'transfer-encoding': 'chunked' }
            : { 'content-length': prefix.length + padding + suffix.length }),
        },
      },
      (incoming) => {
        answered = true;
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          outgoing.destroy();
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: incoming.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] });
        });
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.write(prefix);
    let left = padding;
    const writeMore = (): void => {
      while (left > 0 && !answered) {
        const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
        left -= piece.length;
        if (!outgoing.write(piece)) {
          outgoing.once('drain', writeMore);
          return;
        }
      }
      if (!answered) outgoing.end(suffix);
    };
    writeMore();
  });
}

const json = (target: string, body: object) => post(target, { prefix: JSON.stringify(body) });

/** The highest RSS seen while `work` runs, less the RSS before it: sampled every 5 ms. */
async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage.rss()) - before;
}

const nested = (depth: number, inner = '1') => '{"a":'.repeat(depth) + inner + '}'.repeat(depth);
let counter = 0;
const machine = async (definition: object | string, type: 'STANDARD' | 'EXPRESS' = 'STANDARD') =>
  (
    await sfn.send(
      new CreateStateMachineCommand({
        name: `wire-${++counter}`,
        roleArn: ROLE,
        type,
        definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
      }),
    )
  ).stateMachineArn as string;

async function stillServing(): Promise<void> {
  expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines).toBeDefined();
}

describe('action names', () => {
  test.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'Nope'])(
    'an inherited or unknown action name (%s) is UnknownOperationException, as the service answers it',
    async (name) => {
      expect(await json(name, { stateMachineArn: 'x' })).toEqual({
        status: 400,
        body: { __type: 'com.amazon.coral.service#UnknownOperationException' },
      });
      await stillServing();
    },
  );
});

describe('request size', () => {
  const tooLarge = {
    status: 413,
    body: {
      __type: 'com.amazon.coral.service#RequestEntityTooLargeException',
      message: `Request body must be no larger than ${MAX_REQUEST_BYTES} bytes`,
    },
  };

  test('a body declared larger than the 1 MiB request quota is answered 413 before it is read, not reset', async () => {
    const definition = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
    const prefix = `{"name":"big","roleArn":"${ROLE}","definition":${JSON.stringify(definition)},"x":"`;
    expect(await post('CreateStateMachine', { prefix, padding: 5 * MiB })).toEqual(tooLarge);
    await stillServing();
  });

  test('a 5 MB definition sent by the SDK is refused with RequestEntityTooLargeException and nothing is created', async () => {
    const big = {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Result: { s: 'x'.repeat(5_000_000) }, End: true } },
    };
    await expect(
      sfn.send(
        new CreateStateMachineCommand({ name: 'five-mb', roleArn: ROLE, definition: JSON.stringify(big) }),
      ),
    ).rejects.toMatchObject({ name: 'RequestEntityTooLargeException', $metadata: { httpStatusCode: 413 } });
    const names = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines?.map((m) => m.name);
    expect(names).not.toContain('five-mb');
  });

  test('a chunked body with no length is answered 413 as soon as it crosses the quota, before it ends', async () => {
    // 64 MiB would take a while to send: the answer comes long before.
    expect(
      await post('ListStateMachines', { prefix: '{"x":"', padding: 64 * MiB, declareLength: false }),
    ).toEqual(tooLarge);
    await stillServing();
  });

  test('a body just under the quota is read and answered', async () => {
    const answer = await post('ListStateMachines', {
      prefix: '{"x":"',
      padding: MAX_REQUEST_BYTES - 8,
      suffix: '"}',
    });
    expect(answer.status).toBe(200);
  });

  test('40 concurrent 9 MiB bodies, declared or chunked, are all refused with bounded memory', async () => {
    const answers: Answer[] = [];
    const growth = await peakRssGrowth(async () => {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            post('StartExecution', { prefix: '{"input":"', padding: 9 * MiB, declareLength: i % 2 === 0 }),
          ),
        )),
      );
    });
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 40 }, () => 413));
    // Buffering them (as before) took ~500 MB; refused ones keep at most 1 MiB each, 16 at once.
    expect(growth).toBeLessThan(200 * MiB);
    await stillServing();
  });

  test('40 concurrent bodies just under the quota are all answered, with bounded memory', async () => {
    const answers: Answer[] = [];
    const growth = await peakRssGrowth(async () => {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 40 }, () =>
            post('ListStateMachines', {
              prefix: '{"x":"',
              padding: MAX_REQUEST_BYTES - 8,
              suffix: '"}',
              declareLength: false,
            }),
          ),
        )),
      );
    });
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(growth).toBeLessThan(200 * MiB);
  });

  test('bodies held at once never exceed the budget; a waiting one is admitted when another gives its share back', async () => {
    const budget = new BodyBudget(3 * MiB);
    const first = await budget.reserve(2 * MiB);
    let secondAdmitted = false;
    const second = budget.reserve(2 * MiB).then((release) => {
      secondAdmitted = true;
      return release;
    });
    // A small one behind it waits too: first come, first served, so a large body is not starved.
    let thirdAdmitted = false;
    const third = budget.reserve(MiB).then((release) => {
      thirdAdmitted = true;
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect([secondAdmitted, thirdAdmitted]).toEqual([false, false]);
    first();
    first(); // giving back twice gives back once
    (await second)();
    (await third)();
    expect([secondAdmitted, thirdAdmitted]).toEqual([true, true]);
  });
});

describe('slow and vanishing clients', () => {
  /** A raw connection that sends a request's head declaring `declared` bytes, then `sent` of them. */
  function partialRequest(declared: number, sent: string): Promise<Socket> {
    const url = new URL(server.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST / HTTP/1.1\r\nHost: ${url.host}\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\n` +
            `Content-Type: application/x-amz-json-1.0\r\nContent-Length: ${declared}\r\n\r\n${sent}`,
        );
        resolve(socket);
      });
      socket.on('error', reject);
    });
  }
  /** Everything the server sends on `socket` until it closes it. */
  const untilClosed = (socket: Socket): Promise<string> =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });

  test('a client that hangs up mid-body is no error of the server: nothing is logged, and it serves on', async () => {
    const before = logs.length;
    for (let i = 0; i < 3; i += 1) {
      const socket = await partialRequest(100, '{"maxRes');
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logs.slice(before)).toEqual([]);
    await stillServing();
  });

  test('clients that declare a mebibyte and send a byte hold the body budget only until the request timeout: each is answered 408 and closed, and the requests behind them are answered', async () => {
    // Sixteen of them hold the whole budget (16 MiB).
    const slow = await Promise.all(Array.from({ length: 16 }, () => partialRequest(MiB, '{')));
    const closed = slow.map(untilClosed);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stillServing();
    for (const answer of await Promise.all(closed)) expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });
});

describe('nesting depth', () => {
  const deep = nested(5000);
  const invalid = (type: string) => ({
    status: 400,
    body: {
      __type: `com.amazonaws.swf.service.model.v20120125#${type}`,
      message: expect.stringContaining('deeper than 1000 levels') as unknown,
    },
  });

  test('a definition nested deeper than 1000 levels is InvalidDefinition, never a stack overflow', async () => {
    const definition = `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":${deep},"End":true}}}`;
    expect(await json('CreateStateMachine', { name: 'deep', roleArn: ROLE, definition })).toEqual(
      invalid('InvalidDefinition'),
    );
    const arn = await machine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    expect(await json('UpdateStateMachine', { stateMachineArn: arn, definition })).toEqual(
      invalid('InvalidDefinition'),
    );
    expect(await json('ValidateStateMachineDefinition', { definition })).toMatchObject({
      status: 200,
      body: {
        result: 'FAIL',
        diagnostics: [{ message: expect.stringContaining('deeper than 1000') as unknown }],
      },
    });
  });

  test('an execution input nested deeper than 1000 levels is InvalidExecutionInput', async () => {
    const arn = await machine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    expect(await json('StartExecution', { stateMachineArn: arn, input: deep })).toEqual(
      invalid('InvalidExecutionInput'),
    );
    const express = await machine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, 'EXPRESS');
    expect(await json('StartSyncExecution', { stateMachineArn: express, input: deep })).toEqual(
      invalid('InvalidExecutionInput'),
    );
  });

  test('a task output nested deeper than 1000 levels is InvalidOutput', async () => {
    expect(await json('SendTaskSuccess', { taskToken: 'any', output: deep })).toEqual(
      invalid('InvalidOutput'),
    );
  });

  test('TestState refuses a deep state definition (InvalidDefinition) and a deep input (InvalidExecutionInput)', async () => {
    const state = `{"Type":"Pass","Parameters":${deep},"End":true}`;
    expect(await json('TestState', { definition: state, roleArn: ROLE })).toEqual(
      invalid('InvalidDefinition'),
    );
    expect(
      await json('TestState', { definition: '{"Type":"Pass","End":true}', input: deep, roleArn: ROLE }),
    ).toEqual(invalid('InvalidExecutionInput'));
  });

  test('a request body nested deeper than 1000 levels is a SerializationException', async () => {
    expect(
      await post('ListStateMachines', { prefix: `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}` }),
    ).toEqual(invalid('SerializationException'));
  });

  test('JSON nested to the limit runs through: definition, input, templates, paths, history', async () => {
    // 996 levels of template inside the definition's 4 make 1000; the input is 1000 levels deep
    // and lands at the bottom of the template, so the output is nearly 2000 deep.
    const template = nested(996, '{"in.$":"$","text.$":"States.JsonToString($)"}');
    const arn = await machine(
      `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":${template},"Next":"Q"},` +
        `"Q":{"Type":"Pass","InputPath":"$.a.a.a","ResultPath":"$.b","End":true}}}`,
    );
    const started = await json('StartExecution', { stateMachineArn: arn, input: nested(1000) });
    expect(started.status).toBe(200);
    const executionArn = started.body['executionArn'] as string;
    await server.engine.waitForExecution(executionArn);
    const described = await json('DescribeExecution', { executionArn });
    expect(described.body['status']).toBe('SUCCEEDED');
    const history = await json('GetExecutionHistory', { executionArn, reverseOrder: true, maxResults: 1 });
    expect(history.status).toBe(200);
    expect((history.body['events'] as { type: string }[])[0]?.type).toBe('ExecutionSucceeded');
  });
});

describe('history paging', () => {
  /** A history of pair entries (two events each) and single ones, as the engine records them. */
  function recordedHistory(states: number, value: Json): History {
    let now = 0;
    const history = new History({ now: () => ++now });
    let previous = history.add('ExecutionStarted', 0, 'executionStartedEventDetails', {
      input: { json: value },
    });
    for (let i = 0; i < states; i++) {
      previous =
        i % 3 === 0
          ? history.addState('TaskStateEntered', previous, `T${i}`, value, false)
          : history.addStatePair(
              'PassStateEntered',
              'PassStateExited',
              previous,
              `P${i}`,
              value,
              value,
              undefined,
              ++now,
            );
    }
    history.add('ExecutionSucceeded', previous, 'executionSucceededEventDetails', {
      output: { json: value },
    });
    return history;
  }

  test('every page, of every size, forward and reverse, is the slice of the whole history', () => {
    const history = recordedHistory(40, { n: 1 });
    const all = history.toServiceEvents();
    for (const size of [1, 2, 3, 7, 100]) {
      for (let start = 0; start <= all.length; start += size) {
        expect(history.serviceEvents(start, start + size)).toEqual(all.slice(start, start + size));
      }
    }
    const reversed = [...all].reverse();
    for (const size of [1, 2, 5]) {
      for (let start = 0; start < all.length; start += size) {
        const page = history.serviceEvents(all.length - start - size, all.length - start);
        expect(page.reverse()).toEqual(reversed.slice(start, start + size));
      }
    }
  });

  test('GetExecutionHistory pages through the API: forward and reverse tokens cover every event once', async () => {
    const arn = await machine({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
    const started = await json('StartExecution', {
      stateMachineArn: arn,
      input: JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => i) }),
    });
    const executionArn = started.body['executionArn'] as string;
    await server.engine.waitForExecution(executionArn);
    for (const reverseOrder of [false, true]) {
      const ids: number[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new GetExecutionHistoryCommand({ executionArn, maxResults: 7, reverseOrder, nextToken }),
        );
        ids.push(...(page.events ?? []).map((e) => e.id as number));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      const total = server.engine.recordedHistory(executionArn).length;
      const expected = Array.from({ length: total }, (_, i) => i + 1);
      expect(ids).toEqual(reverseOrder ? expected.reverse() : expected);
    }
  });

  test('maxResults 1 on a history of 2,000,000 events converts only that event: memory stays bounded', () => {
    // Every event carries the same 2 KB value: converting them all would render ~4 GB of text.
    const history = recordedHistory(1_200_000, { s: 'x'.repeat(2048) });
    expect(history.length).toBeGreaterThanOrEqual(2_000_000);
    const before = process.memoryUsage.rss();
    const first = history.serviceEvents(0, 1);
    const last = history.serviceEvents(history.length - 1, history.length);
    const growth = process.memoryUsage.rss() - before;
    expect(first).toMatchObject([{ id: 1, type: 'ExecutionStarted' }]);
    expect(last).toMatchObject([{ id: history.length, type: 'ExecutionSucceeded' }]);
    expect(growth).toBeLessThan(100 * MiB);
  });
});
