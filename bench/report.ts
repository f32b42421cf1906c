/**
 * What the suites measured, in one shape: comparisons with a peer (whose line ends with the
 * ratio, e.g. `12.3x`: how many times better this project is; below 1 means behind) and plain
 * measurements with no peer. run.ts turns them into bench/results.md and the chart.
 */

export interface Comparison {
  readonly suite: string;
  readonly name: string;
  readonly ours: string;
  /** The peer's name and its result, e.g. `sha256sum 252 MiB/s`. */
  readonly peer: string;
  /** Times better than the peer; undefined when the peer produced nothing to compare. */
  readonly ratio: number | undefined;
  /** Target and whether it was met, a wrong result, a remark. */
  readonly note?: string;
}

export interface Measurement {
  readonly suite: string;
  readonly name: string;
  readonly value: string;
}

const comparisons: Comparison[] = [];
const measurements: Measurement[] = [];
let suite = '';

export function beginSuite(name: string): void {
  suite = name;
}

export const ratioText = (ratio: number | undefined): string =>
  ratio === undefined ? 'no ratio: the peer completed nothing' : `${ratio.toFixed(ratio >= 10 ? 1 : 2)}x`;

/** Records and prints one comparison; the printed line ends with the ratio. */
export function compare(comparison: Omit<Comparison, 'suite'>): void {
  comparisons.push({ suite, ...comparison });
  const note = comparison.note === undefined ? '' : ` (${comparison.note})`;
  console.log(
    `  ${comparison.name}: ours ${comparison.ours} · ${comparison.peer}${note} · ${ratioText(comparison.ratio)}`,
  );
}

/** Records and prints a measurement that has no peer. */
export function measure(name: string, value: string): void {
  measurements.push({ suite, name, value });
  console.log(`  ${name}: ${value}`);
}

export function recorded(): { comparisons: readonly Comparison[]; measurements: readonly Measurement[] } {
  return { comparisons, measurements };
}
