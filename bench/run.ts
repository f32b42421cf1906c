/**
 * `npm run bench -- [suite ...] [--quick]`: runs the named suites (all when none is named) and
 * exits non-zero if any result was wrong or missed its target.
 */
import { cpus, totalmem } from 'node:os';
import { runApiBench } from './api';
import { runChecksumBench } from './checksum';
import { runEngineBench } from './engine';
import { runPipelineBench } from './pipeline';
import { runServerBench } from './server';
import { runSuiteBench } from './suite';
import { runThumbnailBench } from './thumbnail';
import { beginSuite, recorded } from './report';
import { writeResults } from './results';

const SUITES: Record<string, (quick: boolean) => Promise<boolean>> = {
  engine: runEngineBench,
  server: runServerBench,
  api: runApiBench,
  checksum: runChecksumBench,
  thumbnail: runThumbnailBench,
  pipeline: runPipelineBench,
  suite: runSuiteBench,
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
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const machine = `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`machine: ${machine}${quick ? ', quick mode' : ''}`);
  let ok = true;
  const run = names.length > 0 ? names : Object.keys(SUITES);
  for (const name of run) {
    console.log(`— ${name}`);
    beginSuite(name);
    ok = (await (SUITES[name] as (quick: boolean) => Promise<boolean>)(quick)) && ok;
  }
  if (!quick) {
    await writeResults(run, machine, recorded());
    console.log('results: bench/results.md, bench/results.svg, and the table in README.md');
  }
  process.exit(ok ? 0 : 1);
}

void main();
