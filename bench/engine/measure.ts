import { performance } from 'node:perf_hooks';
import type { Json } from '@myblog/asl';
import type { BenchCase } from './cases';
import type { EngineRunner } from './runners';

export interface Measurement {
  /** State transitions per second, the median over the timed blocks. */
  readonly rate: number;
  readonly correct: boolean;
  readonly error?: string;
}

interface Contestant {
  readonly benchCase: BenchCase;
  run?: (input: Json) => Promise<unknown>;
  correct: boolean;
  error?: string;
  readonly rates: number[];
}

/** A full garbage collection; needs `node --expose-gc` (the bench script passes it). */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('Run the benchmark with node --expose-gc (npm run bench does)');
  gc();
}

/**
 * One timed block: runs back to back for at least `seconds`, then a full collection inside the
 * timing, so each engine pays for its own garbage and the fixed cost of the collection is spread
 * over many runs. The block starts from a collected heap, so no debt carries over.
 */
async function block(contestant: Contestant, seconds: number): Promise<void> {
  const run = contestant.run;
  if (run === undefined || contestant.error !== undefined) return;
  try {
    collectGarbage();
    const started = performance.now();
    let runs = 0;
    do {
      contestant.correct &&= contestant.benchCase.check(await run(contestant.benchCase.input));
      runs += 1;
    } while (performance.now() - started < seconds * 1000);
    collectGarbage();
    const elapsed = (performance.now() - started) / 1000;
    contestant.rates.push((runs * contestant.benchCase.transitions) / elapsed);
  } catch (error) {
    contestant.correct = false;
    contestant.error = (error as Error).message.slice(0, 200);
  }
}

function result(contestant: Contestant): Measurement {
  const rates = [...contestant.rates].sort((a, b) => a - b);
  const rate = rates.length === 0 ? 0 : (rates[Math.floor(rates.length / 2)] as number);
  return contestant.error === undefined
    ? { rate, correct: contestant.correct }
    : { rate, correct: false, error: contestant.error };
}

/**
 * Runs two engines side by side in this process: a warm-up block each (so both are measured
 * after the JIT has compiled their hot paths), then `blocks` timed blocks alternating between
 * them, so a busy moment of the machine falls on both. The median block rate is kept.
 */
export async function measurePair(
  first: EngineRunner,
  firstCase: BenchCase,
  second: EngineRunner,
  secondCase: BenchCase,
  options: { blocks: number; seconds: number },
): Promise<[Measurement, Measurement]> {
  const contestants: [Contestant, Contestant] = [
    { benchCase: firstCase, correct: true, rates: [] },
    { benchCase: secondCase, correct: true, rates: [] },
  ];
  const runners = [first, second];
  for (const [i, contestant] of contestants.entries()) {
    try {
      contestant.run = await (runners[i] as EngineRunner).prepare(contestant.benchCase.definition);
    } catch (error) {
      contestant.correct = false;
      contestant.error = (error as Error).message.slice(0, 200);
    }
  }
  for (const contestant of contestants) await block(contestant, options.seconds / 2);
  for (const contestant of contestants) contestant.rates.length = 0;
  for (let i = 0; i < options.blocks; i += 1)
    for (const contestant of contestants) await block(contestant, options.seconds);
  return [result(contestants[0]), result(contestants[1])];
}
