/**
 * The README's folder map is the newcomer's map: it names every top-level folder and every
 * workspace package, and nothing that is not there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const mapSection = readme.slice(
  readme.indexOf('## Folder map'),
  readme.indexOf('\n## ', readme.indexOf('## Folder map') + 1),
);
const mapped = [...mapSection.matchAll(/^\| `([^`]+)\/`/gm)].map((match) => match[1] as string);

const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
  cwd: ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => file.includes('/') && !file.startsWith('.') && existsSync(join(ROOT, file)));
const topLevel = [...new Set(tracked.map((file) => file.split('/')[0] as string))];
const packages = [
  ...new Set(
    tracked
      .filter((file) => file.startsWith('packages/'))
      .map((file) => file.split('/').slice(0, 2).join('/')),
  ),
];

test('every top-level folder and every package has its row in the folder map', () => {
  const expected = [...topLevel.filter((folder) => folder !== 'packages'), ...packages].sort();
  expect(mapped.filter((folder) => folder !== 'packages').sort()).toEqual(expected);
});
