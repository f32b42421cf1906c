import { createServer, get } from 'node:http';
import { Agent } from 'node:http';
import { listenOnLoopback, sendJson } from '@myblog/local-http';

const ok = () => createServer((_request, response) => sendJson(response, 200, { ok: true }));

test('port 0 binds a free port on 127.0.0.1 and gives it back, in the URL too', async () => {
  const listening = await listenOnLoopback(ok());
  try {
    expect(listening.port).toBeGreaterThan(0);
    expect(listening.url).toBe(`http://127.0.0.1:${listening.port}`);
  } finally {
    await listening.close();
  }
});

test('a port in use rejects with EADDRINUSE', async () => {
  const first = await listenOnLoopback(ok());
  try {
    await expect(listenOnLoopback(ok(), { port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  } finally {
    await first.close();
  }
});

test('idle keep-alive connections are held a minute, not the 5 s node holds them', async () => {
  const server = ok();
  const listening = await listenOnLoopback(server);
  try {
    expect(server.keepAliveTimeout).toBe(60_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  } finally {
    await listening.close();
  }
});

test('closing with an idle keep-alive connection open resolves at once and refuses new connections', async () => {
  const listening = await listenOnLoopback(ok());
  const agent = new Agent({ keepAlive: true });
  await new Promise<void>((resolve, reject) =>
    get(`${listening.url}/`, { agent }, (response) => {
      response.resume();
      response.on('end', resolve);
    }).on('error', reject),
  );
  const started = Date.now();
  await listening.close();
  expect(Date.now() - started).toBeLessThan(2_000);
  await expect(
    new Promise((resolve, reject) => get(`${listening.url}/`, { agent: false }, resolve).on('error', reject)),
  ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  agent.destroy();
});
