import { BodyBudget, PayloadTooLarge, readBody, sendJson, sendText } from '@myblog/local-http';
import { type Listening } from '@myblog/local-http';
import { send, serve } from './raw-request';

let server: Listening | undefined;
afterEach(() => server?.close());

/** A server that reads each body under `limitBytes` and says how many bytes it kept. */
async function reader(limitBytes: number, budget?: BodyBudget) {
  const kept: number[] = [];
  server = await serve((request, response) => {
    readBody(request, { limitBytes, ...(budget === undefined ? {} : { budget }) }).then(
      (body) => {
        kept.push(body.length);
        sendJson(response, 200, { bytes: body.length, text: body.toString('utf8') });
      },
      (error: unknown) => {
        if (error instanceof PayloadTooLarge) return sendText(response, error.status, error.message);
        sendText(response, 500, String(error));
      },
    );
  });
  return { url: server.url, kept };
}

test('a body within the limit is read whole', async () => {
  const { url } = await reader(10);
  const answer = await send(url, { method: 'POST', body: 'héllo' });
  expect(JSON.parse(answer.text)).toEqual({ bytes: 6, text: 'héllo' });
});

test('a body exactly at the limit is accepted', async () => {
  const { url } = await reader(4);
  expect((await send(url, { method: 'POST', body: 'abcd' })).status).toBe(200);
});

test('a body declared larger than the limit is a 413 naming the limit, and the client reads it', async () => {
  const { url, kept } = await reader(8);
  const answer = await send(url, { method: 'POST', body: Buffer.alloc(64 * 1024) });
  expect(answer).toMatchObject({
    status: 413,
    text: "The request body is over this server's limit of 8 bytes\n",
  });
  expect(kept).toEqual([]);
});

test('a chunked body is refused as soon as it crosses the limit, and what was read is not kept', async () => {
  const { url, kept } = await reader(1000);
  const answer = await send(url, {
    method: 'POST',
    chunks: [Buffer.alloc(600), Buffer.alloc(600), Buffer.alloc(600)],
  });
  expect(answer.status).toBe(413);
  expect(kept).toEqual([]);
});

test('an empty body is an empty buffer', async () => {
  const { url } = await reader(8);
  expect(JSON.parse((await send(url, { method: 'POST' })).text)).toEqual({ bytes: 0, text: '' });
});

test('a shared budget admits a body only when it fits, and the next once the first is done', async () => {
  const budget = new BodyBudget(10);
  const release = await budget.reserve(10);
  let admitted = false;
  const waiting = budget.reserve(4).then((give) => {
    admitted = true;
    return give;
  });
  await new Promise((resolve) => setImmediate(resolve));
  expect(admitted).toBe(false);
  release();
  (await waiting)();
  expect(admitted).toBe(true);
});
