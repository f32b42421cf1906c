import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { engineCases } from './cases';
import { measurePair, type Measurement } from './measure';
import { isRight, probeAnswer, PROBES } from './probes';
import { ours, peer } from './runners';
import { compare, measure } from '../report';

const TARGET_RATIO = 10;
const MEMORY_LIMIT_MB = 200;
const run = promisify(execFile);

const rate = (m: Measurement) =>
  m.error !== undefined
    ? `error (${m.error})`
    : `${Math.round(m.rate).toLocaleString('en')} transitions/s${m.correct ? '' : ' WRONG RESULT'}`;

async function mapMemory(
  which: 'ours' | 'peer',
  items: number,
): Promise<{ maxRssMb: number; correct: boolean }> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/engine/map-memory.ts', which, String(items)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string) as { maxRssMb: number; correct: boolean };
}

/**
 * Transitions per second of our engine and the peer side by side, case by case, and the peak
 * memory of a 10,000-item Map. Returns false if any result is wrong or a target is missed.
 */
export async function runEngineBench(quick: boolean): Promise<boolean> {
  let ok = true;
  const cases = engineCases(quick);
  const byId = new Map(cases.map((c) => [c.id, c]));
  for (const benchCase of cases) {
    const peerCase =
      benchCase.peerSubstitute === undefined ? benchCase : (byId.get(benchCase.peerSubstitute) ?? benchCase);
    const [ourResult, peerResult] = await measurePair(
      ours,
      benchCase,
      peer,
      peerCase,
      quick ? { blocks: 1, seconds: 0.2 } : { blocks: 3, seconds: 1 },
    );
    const ratio = peerResult.rate > 0 ? ourResult.rate / peerResult.rate : Number.POSITIVE_INFINITY;
    const note =
      benchCase.peerSubstitute === undefined
        ? ''
        : ` (the peer cannot run JSONata; it ran (${peerCase.id}) in JSONPath)`;
    const meetsTarget = benchCase.peerSubstitute !== undefined || ratio >= TARGET_RATIO;
    ok &&= ourResult.correct && meetsTarget;
    compare({
      name: `(${benchCase.id}) ${benchCase.title}`,
      ours: `${rate(ourResult)}${ourResult.correct ? '' : ' WRONG RESULT'}`,
      peer: `peer ${rate(peerResult)}${note}`,
      ratio,
      ...(benchCase.peerSubstitute === undefined
        ? { note: `target ${TARGET_RATIO}x, ${meetsTarget ? 'met' : 'MISSED'}` }
        : {}),
    });
  }
  const items = quick ? 2_000 : 10_000;
  const [ourMemory, peerMemory] = [await mapMemory('ours', items), await mapMemory('peer', items)];
  const fits = ourMemory.correct && ourMemory.maxRssMb < MEMORY_LIMIT_MB;
  ok &&= fits;
  compare({
    name: `(m) peak RSS of a ${items.toLocaleString('en')}-item inline Map`,
    ours: `${ourMemory.maxRssMb} MB${ourMemory.correct ? '' : ' WRONG RESULT'}`,
    peer: `peer ${peerMemory.maxRssMb} MB${peerMemory.correct ? '' : ' WRONG RESULT'}`,
    ratio: peerMemory.maxRssMb / Math.max(1, ourMemory.maxRssMb),
    note: `less memory; limit ${MEMORY_LIMIT_MB} MB, ${fits ? 'met' : 'MISSED'}`,
  });
  for (const probe of PROBES) {
    const [ourAnswer, peerAnswer] = [await probeAnswer(ours, probe), await probeAnswer(peer, probe)];
    ok &&= isRight(probe, ourAnswer);
    const describe = (answer: unknown) =>
      `${isRight(probe, answer) ? 'right' : 'WRONG'} (${JSON.stringify(answer)})`;
    measure(`(p) ${probe.name}`, `ours ${describe(ourAnswer)} · peer ${describe(peerAnswer)}`);
  }
  return ok;
}
