import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { setImmediate as turnEnd } from 'node:timers/promises';
import { TurnEndWriter } from '@myblog/local-http';

/** A response that records what is written to it, in one log shared by all of them. */
function response(name: string, log: string[], options: { destroyed?: boolean; throws?: Error } = {}) {
  return {
    destroyed: options.destroyed ?? false,
    writeHead(status: number, headers: OutgoingHttpHeaders) {
      if (options.throws !== undefined) throw options.throws;
      log.push(`${name} ${status} ${String(headers['content-type'])}`);
      return this;
    },
    end(body: string) {
      log.push(`${name} ${body}`);
      return this;
    },
  } as unknown as ServerResponse;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** A writer whose last turn made two answers: a busy server's, which holds answers to the turn's end. */
async function busyWriter(onError: (error: unknown) => void = () => undefined, maxHoldMs = 1_000) {
  const writer = new TurnEndWriter(onError, maxHoldMs);
  const ignored: string[] = [];
  writer.send(response('warm-1', ignored), 200, JSON_TYPE, '{}');
  writer.send(response('warm-2', ignored), 200, JSON_TYPE, '{}');
  await turnEnd();
  return writer;
}

describe('TurnEndWriter', () => {
  test('on a quiet server, an answer is written at once', () => {
    const log: string[] = [];
    const writer = new TurnEndWriter(() => undefined, 1_000);
    writer.send(response('a', log), 200, JSON_TYPE, '{"a":1}');
    expect(log).toEqual(['a 200 application/json', 'a {"a":1}']);
  });

  test('after a turn that made several answers, the answers of a turn are written together at its end, in the order made', async () => {
    const log: string[] = [];
    const writer = await busyWriter();
    writer.send(response('a', log), 200, JSON_TYPE, '{"a":1}');
    writer.send(response('b', log), 400, JSON_TYPE, '{"b":2}');
    expect(log).toEqual([]);
    await turnEnd();
    expect(log).toEqual(['a 200 application/json', 'a {"a":1}', 'b 400 application/json', 'b {"b":2}']);
  });

  test('after a turn that made one answer, the server is quiet again and answers at once', async () => {
    const log: string[] = [];
    const writer = await busyWriter();
    writer.send(response('lone', log), 200, JSON_TYPE, '1');
    await turnEnd();
    writer.send(response('next', log), 200, JSON_TYPE, '2');
    expect(log).toEqual(['lone 200 application/json', 'lone 1', 'next 200 application/json', 'next 2']);
  });

  test('an answer whose client has gone is dropped, the others are written', async () => {
    const log: string[] = [];
    const writer = await busyWriter();
    writer.send(response('gone', log, { destroyed: true }), 200, JSON_TYPE, '{}');
    writer.send(response('here', log), 200, JSON_TYPE, '{}');
    await turnEnd();
    expect(log).toEqual(['here 200 application/json', 'here {}']);
  });

  test('an answer that cannot be written is reported, and the others are written all the same', async () => {
    const log: string[] = [];
    const reported: unknown[] = [];
    const writer = await busyWriter((error) => reported.push(error));
    const broken = new Error('invalid header');
    writer.send(response('broken', log, { throws: broken }), 200, JSON_TYPE, '{}');
    writer.send(response('fine', log), 200, JSON_TYPE, '{}');
    await turnEnd();
    expect(reported).toEqual([broken]);
    expect(log).toEqual(['fine 200 application/json', 'fine {}']);
  });

  test('once the oldest held answer has waited its hold, the next answer sends them all at once', async () => {
    const log: string[] = [];
    const writer = await busyWriter(() => undefined, 1);
    writer.send(response('old', log), 200, JSON_TYPE, '1');
    expect(log).toEqual([]);
    // A turn that runs long: two milliseconds of work before the next answer.
    const until = performance.now() + 2;
    while (performance.now() < until);
    writer.send(response('new', log), 200, JSON_TYPE, '2');
    expect(log).toEqual(['old 200 application/json', 'old 1', 'new 200 application/json', 'new 2']);
  });
});
