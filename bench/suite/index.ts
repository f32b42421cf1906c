import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { measure } from '../report';

/** Wall time of the whole jest suite (all projects), as `npm test` runs it after typecheck and lint. */
export async function runSuiteBench(quick: boolean): Promise<boolean> {
  const args = ['jest', '--silent', ...(quick ? ['--selectProjects', 'unit'] : [])];
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('npx', args, { cwd: join(__dirname, '..', '..'), stdio: 'ignore' });
    child.once('exit', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  measure(
    quick ? 'jest, unit project only' : 'jest, every project (npm test without typecheck and lint)',
    `${seconds.toFixed(0)} s${code === 0 ? '' : ' — FAILED'}`,
  );
  return code === 0;
}
