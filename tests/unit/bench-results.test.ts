import { ratioChart, resultsMarkdown } from '../../bench/results';
import { ratioText } from '../../bench/report';

const run = {
  date: '2026-11-25',
  machine: '2 × CPU, 24 GiB, Node v20',
  comparisons: [
    {
      suite: 'checksum',
      name: 'SHA-256 of 1 GiB',
      ours: '1,116 MiB/s',
      peer: 'sha256sum 252 MiB/s',
      ratio: 4.42,
    },
    {
      suite: 'checksum',
      name: 'slower case',
      ours: '603 ms',
      peer: 'peer 562 ms',
      ratio: 0.93,
      note: 'target within 1.2x, met',
    },
    { suite: 'checksum', name: 'peer finished nothing', ours: '457/s', peer: 'moto 0/s', ratio: undefined },
  ],
  measurements: [{ suite: 'checksum', name: 'memory', value: '0.0 MiB' }],
};

describe('Benchmark results', () => {
  test('a ratio is written as times better, with one decimal from 10x on', () => {
    expect([ratioText(4.421), ratioText(0.934), ratioText(16.93), ratioText(undefined)]).toEqual([
      '4.42x',
      '0.93x',
      '16.9x',
      'no ratio: the peer completed nothing',
    ]);
  });

  test('every comparison row of results.md ends with its ratio, under the machine it ran on', () => {
    const markdown = resultsMarkdown({ checksum: run });
    expect(markdown).toContain('## checksum (2026-11-25, 2 × CPU, 24 GiB, Node v20)');
    expect(markdown).toContain('| SHA-256 of 1 GiB | 1,116 MiB/s | sha256sum 252 MiB/s | 4.42x |');
    expect(markdown).toContain('| slower case (target within 1.2x, met) | 603 ms | peer 562 ms | 0.93x |');
    expect(markdown).toContain('| memory | 0.0 MiB |');
  });

  test('the chart has a bar per comparison that has a ratio, green ahead and red behind', () => {
    const svg = ratioChart({ checksum: run });
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    expect(svg).toContain('fill="#2e7d32"');
    expect(svg).toContain('fill="#c62828"');
  });
});
