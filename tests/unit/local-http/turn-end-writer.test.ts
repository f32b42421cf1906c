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

describe('TurnEndWriter', () => {
  test('answers made in one turn are written together when the turn ends, in the order made', async () => {
    const log: string[] = [];
    const writer = new TurnEndWriter(() => undefined, 1_000);
    writer.send(response('a', log), 200, JSON_TYPE, '{"a":1}');
    writer.send(response('b', log), 400, JSON_TYPE, '{"b":2}');
    expect(log).toEqual([]);
    await turnEnd();
    expect(log).toEqual(['a 200 application/json', 'a {"a":1}', 'b 400 application/json', 'b {"b":2}']);
  });

  test('an answer whose client has gone is dropped, the others are written', async () => {
    const log: string[] = [];
    const writer = new TurnEndWriter(() => undefined, 1_000);
    writer.send(response('gone', log, { destroyed: true }), 200, JSON_TYPE, '{}');
    writer.send(response('here', log), 200, JSON_TYPE, '{}');
    await turnEnd();
    expect(log).toEqual(['here 200 application/json', 'here {}']);
  });

  test('an answer that cannot be written is reported, and the others are written all the same', async () => {
    const log: string[] = [];
    const reported: unknown[] = [];
    const writer = new TurnEndWriter((error) => reported.push(error), 1_000);
    const broken = new Error('invalid header');
    writer.send(response('broken', log, { throws: broken }), 200, JSON_TYPE, '{}');
    writer.send(response('fine', log), 200, JSON_TYPE, '{}');
    await turnEnd();
    expect(reported).toEqual([broken]);
    expect(log).toEqual(['fine 200 application/json', 'fine {}']);
  });

  test('once the oldest waiting answer has waited its hold, the next answer sends them all at once', () => {
    const log: string[] = [];
    const writer = new TurnEndWriter(() => undefined, 0);
    writer.send(response('first', log), 200, JSON_TYPE, '{}');
    expect(log).toEqual(['first 200 application/json', 'first {}']);
  });

  test('answers made after a turn ended go out at the end of their own turn', async () => {
    const log: string[] = [];
    const writer = new TurnEndWriter(() => undefined, 1_000);
    writer.send(response('one', log), 200, JSON_TYPE, '1');
    await turnEnd();
    writer.send(response('two', log), 200, JSON_TYPE, '2');
    expect(log).toEqual(['one 200 application/json', 'one 1']);
    await turnEnd();
    expect(log).toEqual(['one 200 application/json', 'one 1', 'two 200 application/json', 'two 2']);
  });
});
