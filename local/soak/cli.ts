/**
 * `npm run soak -- [--events N] [--no-faults] [--seed S]`: the soak run on this machine (loopback
 * only; bounded by the event count and a 15-minute limit). Faults come from FAULTS
 * (`functions=0.1,lost-answers=0.03,ses=0.1`, the default); exits 0 only if nothing was lost or
 * duplicated and every good event completed.
 */
import { parseArgs } from 'node:util';
import { startRuntime } from '../runtime/runtime';
import { DEFAULT_FAULTS, type FaultCounts, NO_FAULTS, parseFaults, withFaults } from './faults';
import { runSoak } from './soak';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'ERROR';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { events: { type: 'string' }, 'no-faults': { type: 'boolean' }, seed: { type: 'string' } },
  });
  const events = Number(values.events ?? 10_000);
  if (!Number.isInteger(events) || events < 1 || events > 100_000) {
    console.error('--events must be a whole number from 1 to 100000');
    return 2;
  }
  const plan =
    values['no-faults'] === true
      ? NO_FAULTS
      : process.env['FAULTS'] === undefined
        ? DEFAULT_FAULTS
        : parseFaults(process.env['FAULTS']);
  const counts: FaultCounts = { functions: 0, lostAnswers: 0, ses: 0 };
  const runtime = await startRuntime({
    stepFunctionsPort: 0,
    waitTimeScale: 0.01,
    log: () => undefined,
    pollIdleMs: 50,
    wrapFunction: withFaults(plan, counts),
  });
  try {
    console.log(`soak: ${events} events, faults ${JSON.stringify(plan)}`);
    const result = await runSoak(runtime, {
      events,
      seed: Number(values.seed ?? 42),
      timeoutMs: 15 * 60_000,
      log: (line) => console.log(line),
    });
    for (const line of result.table) console.log(line);
    console.log(
      `faults injected: ${counts.functions} function failures, ${counts.lostAnswers} lost answers, ${counts.ses} SES throttles`,
    );
    console.log(result.line);
    return result.lost === 0 && result.duplicated === 0 && result.failedKept === 0 ? 0 : 1;
  } finally {
    await runtime.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
