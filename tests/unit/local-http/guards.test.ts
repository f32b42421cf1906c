import {
  checkBrowserOrigin,
  checkHost,
  type HttpError,
  type Listening,
  type OriginPolicy,
  sendJson,
  sendText,
} from '@myblog/local-http';
import { send, serve } from './raw-request';

let server: Listening | undefined;
afterEach(() => server?.close());

/** A server that runs the checks and answers 200, or the refusal's status and message. */
async function guarded(policy: OriginPolicy) {
  server = await serve((request, response) => {
    try {
      checkHost(request);
      checkBrowserOrigin(request, policy);
      sendJson(response, 200, { ok: true });
    } catch (error) {
      request.resume();
      sendText(response, (error as HttpError).status, (error as Error).message);
    }
  });
  return server.url;
}

const portOf = (url: string) => new URL(url).port;

test('a Host of another name on this port is a 421 naming the hosts it answers to (DNS rebinding)', async () => {
  const url = await guarded({ kind: 'none' });
  const port = portOf(url);
  const answer = await send(url, { headers: { Host: `evil.example:${port}` } });
  expect(answer.status).toBe(421);
  expect(answer.text).toContain(`Host evil.example:${port} is not this server`);
  expect(answer.text).toContain(`127.0.0.1:${port}, localhost:${port}, [::1]:${port}`);
});

test('a loopback name with another port is a 421; localhost with its own port is served', async () => {
  const url = await guarded({ kind: 'none' });
  expect((await send(url, { headers: { Host: '127.0.0.1:1' } })).status).toBe(421);
  expect((await send(url, { headers: { Host: `localhost:${portOf(url)}` } })).status).toBe(200);
});

test("'none': a request a browser sent for a page (Origin or Sec-Fetch-Site) is a 403, a program's is served", async () => {
  const url = await guarded({ kind: 'none' });
  expect((await send(url, { headers: { Origin: 'http://127.0.0.1:5' } })).status).toBe(403);
  expect((await send(url, { headers: { 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(403);
  expect((await send(url)).status).toBe(200);
});

test("'loopback-pages': a POST from a page on the internet is a 403, one from a loopback page is served", async () => {
  const url = await guarded({ kind: 'loopback-pages', server: 'the blog API' });
  const from = (origin: string) => send(url, { method: 'POST', headers: { Origin: origin }, body: '{}' });
  const forged = await from('https://evil.example');
  expect(forged.status).toBe(403);
  expect(forged.text).toMatch(/^Request from https:\/\/evil\.example refused: locally, the blog API/);
  expect((await from('http://localhost:3000')).status).toBe(200);
});

test("'loopback-pages': the CORS preflight from a page elsewhere is refused too", async () => {
  const url = await guarded({ kind: 'loopback-pages' });
  const answer = await send(url, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
  expect(answer.status).toBe(403);
});

test("'loopback-pages': a cross-site request without an Origin is refused by Sec-Fetch-Site", async () => {
  const url = await guarded({ kind: 'loopback-pages' });
  const answer = await send(url, { method: 'DELETE', headers: { 'Sec-Fetch-Site': 'cross-site' } });
  expect(answer.status).toBe(403);
});

test("'loopback-pages': reads are served from any page (the API's CORS decides what the page may read)", async () => {
  const url = await guarded({ kind: 'loopback-pages' });
  expect((await send(url, { headers: { Origin: 'https://evil.example' } })).status).toBe(200);
});

test("'same-origin': a write from another local server's page is a 403 naming the Origin", async () => {
  const url = await guarded({ kind: 'same-origin', page: "the console's page" });
  const answer = await send(url, {
    method: 'POST',
    headers: { Origin: 'http://127.0.0.1:1', 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(answer.status).toBe(403);
  expect(answer.text).toMatch(
    /^Cross-origin request refused \(Origin: http:\/\/127\.0\.0\.1:1\): only the console's page/,
  );
});

test("'same-origin': a write whose browser says same-site is a 403", async () => {
  const url = await guarded({ kind: 'same-origin' });
  const answer = await send(url, {
    method: 'POST',
    headers: { 'Sec-Fetch-Site': 'same-site', 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(answer.status).toBe(403);
});

test("'same-origin': a write that is not JSON (what a form sends from anywhere) is a 415", async () => {
  const url = await guarded({ kind: 'same-origin' });
  const answer = await send(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
  expect(answer).toMatchObject({
    status: 415,
    text: 'Send state-changing requests as application/json, not text/plain\n',
  });
});

test("'same-origin': the server's own page, same-origin and JSON, is served", async () => {
  const url = await guarded({ kind: 'same-origin' });
  const answer = await send(url, {
    method: 'POST',
    headers: {
      Origin: `http://127.0.0.1:${portOf(url)}`,
      'Sec-Fetch-Site': 'same-origin',
      'Content-Type': 'application/json',
    },
    body: '{}',
  });
  expect(answer.status).toBe(200);
});
