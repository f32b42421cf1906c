import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run audit` judges npm audit's report: a high or critical finding fails it unless
 * .ci/audit-exceptions.json explains it; a report that is not one (the advisory endpoint refused)
 * is "nothing was checked", never a pass. Saved reports stand in for the endpoint here.
 */
const script = join(__dirname, '..', '..', '.ci', 'audit.mjs');
const dir = mkdtempSync(join(tmpdir(), 'audit-'));

function judge(report: unknown, exceptions: Record<string, string> = {}) {
  const reportFile = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const exceptionsFile = `${reportFile}.exceptions.json`;
  writeFileSync(reportFile, typeof report === 'string' ? report : JSON.stringify(report));
  writeFileSync(exceptionsFile, JSON.stringify(exceptions));
  const run = spawnSync(process.execPath, [script, '--report', reportFile, '--exceptions', exceptionsFile], {
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

const finding = (name: string, severity: string) => ({ name, severity, range: '<1.2.3', via: [] });

test('a report without findings passes', () => {
  const verdict = judge({ vulnerabilities: {}, metadata: { vulnerabilities: { high: 0, critical: 0 } } });
  expect(verdict.code).toBe(0);
  expect(verdict.out).toContain('0 high or critical without an explanation');
});

test('a high finding fails and is named', () => {
  const verdict = judge({ vulnerabilities: { 'left-pad': finding('left-pad', 'high') } });
  expect(verdict.code).toBe(1);
  expect(verdict.err).toContain('high: left-pad <1.2.3');
});

test('a critical finding explained in the exceptions passes', () => {
  const verdict = judge(
    { vulnerabilities: { 'left-pad': finding('left-pad', 'critical') } },
    { 'left-pad': 'only reached from the build, never at run time' },
  );
  expect(verdict.code).toBe(0);
});

test('moderate and low findings do not fail', () => {
  const verdict = judge({
    vulnerabilities: { a: finding('a', 'moderate'), b: finding('b', 'low') },
  });
  expect(verdict.code).toBe(0);
});

test('an advisory endpoint that refused (405) is "nothing was checked", exit 2, not a pass', () => {
  const verdict = judge({
    message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    statusCode: 405,
  });
  expect(verdict.code).toBe(2);
  expect(verdict.err).toContain('nothing was checked');
});

test('output that is not JSON is "no report", exit 2', () => {
  expect(judge('npm ERR! something').code).toBe(2);
});
