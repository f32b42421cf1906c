/**
 * `npm run bench -- [suite ...] [--quick]`: runs the named suites (all when none is named) and
 * exits non-zero if any result was wrong or missed its target.
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { runApiBench } from './api';
import { runChecksumBench } from './checksum';
import { runEngineBench } from './engine';
import { runFunctionsBench } from './functions';
import { runOffloadBench } from './offload';
import { runPipelineBench } from './pipeline';
import { runServerBench } from './server';
import { runSuiteBench } from './suite';
import { runThumbnailBench } from './thumbnail';
import { runTodoBench } from './todo';
import { beginSuite, recorded } from './report';
import { writeResults } from './results';

const SUITES: Record<string, (quick: boolean) => Promise<boolean>> = {
  engine: runEngineBench,
  server: runServerBench,
  api: runApiBench,
  checksum: runChecksumBench,
  functions: runFunctionsBench,
  thumbnail: runThumbnailBench,
  pipeline: runPipelineBench,
  suite: runSuiteBench,
  offload: runOffloadBench,
  todo: runTodoBench,
};

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const names = args.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => SUITES[name] === undefined);
  if (unknown.length > 0) {
    console.error(`Unknown bench suite(s): ${unknown.join(', ')}. Known: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
  const run = names.length > 0 ? names : Object.keys(SUITES);
  if (run.length > 1) {
    // Each suite in a process of its own: the functions keep the AWS clients they were loaded
    // with, so a second local stack in one process would talk to the first one's (stopped) moto;
    // and no suite is measured in a heap the one before it left behind.
    let ok = true;
    for (const name of run) {
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(
          process.execPath,
          [...process.execArgv, __filename, name, ...(quick ? ['--quick'] : [])],
          {
            stdio: 'inherit',
          },
        );
        child.once('exit', resolve);
      });
      ok = code === 0 && ok;
    }
    process.exit(ok ? 0 : 1);
  }
  const name = run[0] as string;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const machine = `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`machine: ${machine}${quick ? ', quick mode' : ''}`);
  console.log(`— ${name}`);
  beginSuite(name);
  const ok = await (SUITES[name] as (quick: boolean) => Promise<boolean>)(quick);
  if (!quick) {
    await writeResults([name], machine, recorded());
    console.log('results: bench/results.md, bench/results.svg, and the table in docs/benchmarks.md');
  }
  process.exit(ok ? 0 : 1);
}

void main();
