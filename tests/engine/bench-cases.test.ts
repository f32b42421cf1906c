import {
  countingLoop,
  countingLoopJsonata,
  inlineMap,
  inlineMapJsonata,
  repeatedParallel,
  repeatedParallelJsonata,
} from '../../bench/engine/cases';
import { PROBES, isRight, probeAnswer } from '../../bench/engine/probes';
import { ours } from '../../bench/engine/runners';

// The benchmark counts a wrong answer as a failure; these keep its cases and probes honest at a
// small size, so a change that breaks them shows up in npm test rather than only in npm run bench.
describe('benchmark cases give the answers their checks expect', () => {
  test.each([
    ['(a) loop', countingLoop(50)],
    ['(b) map', inlineMap(30)],
    ['(c) parallel', repeatedParallel(5)],
    ['(d) JSONata loop', countingLoopJsonata(50)],
    ['(e) JSONata map', inlineMapJsonata(30)],
    ['(f) JSONata parallel', repeatedParallelJsonata(5)],
  ])('%s', async (_name, benchCase) => {
    const run = await ours.prepare(benchCase.definition);
    expect(benchCase.check(await run(benchCase.input))).toBe(true);
  });

  test.each(PROBES.map((probe) => [probe.name, probe] as const))('probe: %s', async (_name, probe) => {
    expect(isRight(probe, await probeAnswer(ours, probe))).toBe(true);
  });

  test('a check refuses a wrong answer', () => {
    expect(countingLoop(50).check({ n: 49 })).toBe(false);
  });
});
