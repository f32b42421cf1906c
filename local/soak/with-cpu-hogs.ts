/**
 * `npm run test:busy` (`tsx local/soak/with-cpu-hogs.ts [K] -- COMMAND ...`): runs a command with K
 * busy processes beside it (2 by default: both cores of a 2-core machine taken by other work), and
 * stops them when it ends, whatever way. Exits with the command's code.
 */
import { spawn } from 'node:child_process';
import { startCpuHogs } from './cpu-hogs';

async function main(argv: readonly string[]): Promise<number> {
  const separator = argv.indexOf('--');
  const count = separator > 0 ? Number(argv[0]) : 2;
  const command = separator === -1 ? argv : argv.slice(separator + 1);
  if (!Number.isInteger(count) || count < 0 || count > 16 || command.length === 0) {
    console.error('usage: with-cpu-hogs [K] -- COMMAND [ARG ...]   (K from 0 to 16, default 2)');
    return 2;
  }
  const hogs = startCpuHogs(count);
  console.error(
    `with-cpu-hogs: ${count} busy processes beside \`${command.join(' ')}\` (pids ${hogs.pids.join(', ')})`,
  );
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(command[0] as string, command.slice(1), { stdio: 'inherit' });
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
      for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(name, () => child.kill(name));
    });
  } finally {
    await hogs.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
