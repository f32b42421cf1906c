/**
 * `npm run soak -- [--events N] [--no-faults] [--seed S] [--cpu-hogs K]`: the soak run on this
 * machine (loopback only; bounded by the event count and a 15-minute limit), with K busy processes
 * beside it for the whole run when asked (a shared machine's other work). Faults come from FAULTS
 * (`functions=0.1,lost-answers=0.03,ses=0.1,timeouts=0.02`, the default). The Step Functions
 * server runs in a process of its own with a data dir, and is killed and restarted mid-run. Exits
 * 0 only if nothing was lost or duplicated and every good event completed.
 */
import { parseArgs } from 'node:util';
import { startRuntime } from '../runtime/runtime';
import { startCpuHogs } from './cpu-hogs';
import { DEFAULT_FAULTS, type FaultCounts, NO_FAULTS, parseFaults, withFaults } from './faults';
import { runSoak, SOAK_FUNCTION_TIMEOUT } from './soak';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'ERROR';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      'no-faults': { type: 'boolean' },
      seed: { type: 'string' },
      'cpu-hogs': { type: 'string' },
    },
  });
  const events = Number(values.events ?? 10_000);
  if (!Number.isInteger(events) || events < 1 || events > 100_000) {
    console.error('--events must be a whole number from 1 to 100000');
    return 2;
  }
  const hogCount = Number(values['cpu-hogs'] ?? 0);
  if (!Number.isInteger(hogCount) || hogCount < 0 || hogCount > 16) {
    console.error('--cpu-hogs must be a whole number from 0 to 16');
    return 2;
  }
  const plan =
    values['no-faults'] === true
      ? NO_FAULTS
      : process.env['FAULTS'] === undefined
        ? DEFAULT_FAULTS
        : parseFaults(process.env['FAULTS']);
  const counts: FaultCounts = { functions: 0, lostAnswers: 0, ses: 0, timeouts: 0 };
  const dataDir = mkdtempSync(join(tmpdir(), 'soak-sfn-'));
  // Busy from the first step: starting the stack on a loaded machine is part of what is tried.
  const hogs = startCpuHogs(hogCount);
  if (hogCount > 0)
    console.log(`soak: ${hogCount} busy processes beside the run (pids ${hogs.pids.join(', ')})`);
  const runtime = await startRuntime({
    waitTimeScale: 0.01,
    log: () => undefined,
    pollIdleMs: 50,
    wrapFunction: withFaults(plan, counts),
    functionTimeout: SOAK_FUNCTION_TIMEOUT,
    stepFunctionsDataDir: dataDir,
    // Every execution of the run stays describable for the reconciliation (a sign-up may take several).
    retainedExecutions: Math.max(10_000, events * 3),
  });
  try {
    console.log(`soak: ${events} events, faults ${JSON.stringify(plan)}`);
    const result = await runSoak(runtime, {
      events,
      seed: Number(values.seed ?? 42),
      timeoutMs: 15 * 60_000,
      log: (line) => console.log(line),
      crashStepFunctions: runtime.stepFunctionsProcess,
    });
    for (const line of result.table) console.log(line);
    for (const line of result.unsettled.slice(0, 20)) console.log(`unsettled: ${line}`);
    for (const line of result.superseded) console.log(`superseded: ${line}`);
    console.log(
      `faults injected: ${counts.functions} function failures, ${counts.lostAnswers} lost answers, ${counts.ses} SES throttles, ${counts.timeouts} timeouts; 1 Step Functions kill; ${result.redriven} failed executions redriven, ${result.rerun} of them started anew`,
    );
    const host = runtime.functionHost.counts;
    console.log(
      `function host: ${host.coldStarts} cold starts, ${host.warmStarts} warm, ${host.timeouts} invocations killed at their timeout, ${host.throttles} throttled`,
    );
    console.log(result.line);
    return result.lost === 0 && result.duplicated === 0 && result.failedKept === 0 ? 0 : 1;
  } finally {
    await runtime.stop();
    await hogs.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
