import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { stopWhenThisProcessEnds } from './lifeline';

/** moto's server could not be started; the message says how to get it. */
export class MotoUnavailable extends Error {
  override readonly name = 'MotoUnavailable';
}

export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const INSTALL_HINT =
  'moto_server was not found: install it with pip install "moto[server]" (Python 3), then run this again.';

async function healthy(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts moto's server on a free port and waits until it answers. Every service (S3, SQS, SNS,
 * SES, Kinesis, DynamoDB with Streams, CloudFront ...) is on the one endpoint.
 */
export async function startMoto(options: { command?: string; timeoutMs?: number } = {}): Promise<MotoServer> {
  // Port 0: moto binds a free port itself and prints it. A port found free beforehand could be
  // taken meanwhile, by another moto started at the same moment among them: that one's moto
  // would then answer this one's health checks, and stopping it would leave this one refused.
  const child = spawn(options.command ?? 'moto_server', ['-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // moto must not outlive this process, however it ends (see lifeline.ts); the lifeline lives
  // exactly as long as moto does.
  if (child.pid !== undefined) child.once('exit', stopWhenThisProcessEnds(child.pid, 'moto_server'));
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 50) output.shift();
  });
  let notReady: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (notReady = reject));
  const exitedEarly = (code: number | null) =>
    notReady(
      new MotoUnavailable(
        `moto_server exited with code ${String(code)} before it was ready:\n${output.join('')}`,
      ),
    );
  child.once('error', (error: NodeJS.ErrnoException) =>
    notReady(error.code === 'ENOENT' ? new MotoUnavailable(INSTALL_HINT) : error),
  );
  child.once('exit', exitedEarly);
  failed.catch(() => undefined);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let port = 0;
  while (port === 0) {
    port = Number(/Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output.join(''))?.[1] ?? 0);
    if (port !== 0) break;
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new MotoUnavailable(`moto_server did not say its port within ${options.timeoutMs ?? 30_000} ms`);
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 50)), failed]);
  }
  const endpoint = `http://127.0.0.1:${port}`;
  for (;;) {
    const ready = await Promise.race([healthy(endpoint), failed]);
    if (ready) break;
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new MotoUnavailable(
        `moto_server did not answer on ${endpoint} within ${options.timeoutMs ?? 30_000} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Only the not-ready listener goes: the lifeline's release stays until moto exits.
  child.off('exit', exitedEarly);
  return { endpoint, port, stop: () => stopProcess(child) };
}
