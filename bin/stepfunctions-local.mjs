#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a dependency), so `npx stepfunctions-local` needs no build
// step. Signals are passed on, so Ctrl-C or SIGTERM stops the server cleanly and nothing is orphaned.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../local/server/cli.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 0)));
