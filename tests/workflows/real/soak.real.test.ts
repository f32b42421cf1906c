import { type FaultCounts, parseFaults, withFaults } from '../../../local/soak/faults';
import { runSoak, SOAK_FUNCTION_TIMEOUT } from '../../../local/soak/soak';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime } from '../../../local/runtime/runtime';
import { randomBytes } from 'node:crypto';

/**
 * The soak run, small: a few hundred events with every kind of fault on, the Step Functions
 * server killed (SIGKILL) and restarted at 40 %, the pollers restarted halfway, and executions
 * that exhausted their retries redriven at the end. Nothing may be lost or done twice.
 */
test('200 events under injected faults: every one completed, none lost, no side effect repeated', async () => {
  const counts: FaultCounts = { functions: 0, lostAnswers: 0, ses: 0, timeouts: 0 };
  const dataDir = mkdtempSync(join(tmpdir(), 'soak-sfn-'));
  const runtime = await startRuntime({
    motoEndpoint: process.env['MOTO_ENDPOINT'] as string,
    prefix: `s${randomBytes(3).toString('hex')}`,
    waitTimeScale: 0.01,
    log: () => undefined,
    pollIdleMs: 50,
    wrapFunction: withFaults(parseFaults('functions=0.03,lost-answers=0.01,ses=0.1,timeouts=0.01'), counts),
    functionTimeout: SOAK_FUNCTION_TIMEOUT,
    stepFunctionsDataDir: dataDir,
  });
  // What the soak did (kills, redrives and why), shown beside any unsettled event.
  const log: string[] = [];
  try {
    const result = await runSoak(runtime, {
      events: 200,
      seed: 7,
      timeoutMs: 150_000,
      crashStepFunctions: runtime.stepFunctionsProcess,
      log: (line) => log.push(line),
    });
    expect({ unsettled: result.unsettled, log: result.unsettled.length === 0 ? [] : log }).toEqual({
      unsettled: [],
      log: [],
    });
    expect(result.line).toBe(`events=200 completed=200 dead-lettered=0 lost=0 duplicated=0`);
    // The faults really struck, each kind of them.
    expect(counts.functions).toBeGreaterThan(0);
    expect(counts.lostAnswers).toBeGreaterThan(0);
    expect(counts.ses).toBeGreaterThan(0);
    expect(counts.timeouts).toBeGreaterThan(0);
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000);

test('a fault plan names what it injects, and refuses what it does not know', () => {
  expect(parseFaults('functions=0.1, ses=0.05')).toEqual({
    functions: 0.1,
    lostAnswers: 0,
    ses: 0.05,
    timeouts: 0,
  });
  expect(() => parseFaults('disks=0.1')).toThrow('Unknown fault "disks"');
  expect(() => parseFaults('functions=2')).toThrow('between 0 and 1');
});
