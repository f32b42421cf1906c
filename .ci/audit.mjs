#!/usr/bin/env node
// `npm run audit`: npm audit of what ships (no dev dependencies), failing on a high or critical
// finding unless .ci/audit-exceptions.json explains it. When the advisory endpoint cannot be
// reached (some registry mirrors answer it with 405) it says so and exits 2: nothing was checked.
// `npm run audit -- --report FILE` judges a saved `npm audit --omit=dev --json` instead, such as
// one made on a machine whose registry answers the endpoint.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { report: { type: 'string' }, exceptions: { type: 'string' } },
});
const exceptions = JSON.parse(
  readFileSync(values.exceptions ?? new URL('./audit-exceptions.json', import.meta.url), 'utf8'),
);
let output;
if (values.report !== undefined) output = readFileSync(values.report, 'utf8');
else
  try {
    output = execFileSync('npm', ['audit', '--omit=dev', '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    // npm audit exits 1 both when it finds something and when it cannot ask.
    output = error.stdout ?? '';
  }
let report;
try {
  report = JSON.parse(output);
} catch {
  console.error(`npm audit gave no report:\n${output}`);
  process.exit(2);
}
if (report.vulnerabilities === undefined) {
  console.error(
    `npm audit could not reach the advisory endpoint (${report.message ?? 'no message'}): nothing was checked`,
  );
  process.exit(2);
}
const serious = Object.values(report.vulnerabilities).filter(
  (finding) =>
    (finding.severity === 'high' || finding.severity === 'critical') && !(finding.name in exceptions),
);
for (const finding of serious) console.error(`${finding.severity}: ${finding.name} ${finding.range}`);
const counts = report.metadata?.vulnerabilities ?? {};
console.log(
  `npm audit --omit=dev: ${JSON.stringify(counts)}; ${serious.length} high or critical without an explanation in .ci/audit-exceptions.json`,
);
process.exit(serious.length === 0 ? 0 : 1);
