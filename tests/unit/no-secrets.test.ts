import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** What a leaked credential looks like: AWS access keys, secret keys next to their name, private keys. */
const SECRETS: readonly [string, RegExp][] = [
  // AWS's documented example key (AKIAIOSFODNN7EXAMPLE) is not a credential.
  ['an AWS access key id', /\b(AKIA|ASIA)(?![0-9A-Z]{9}EXAMPLE)[0-9A-Z]{16}\b/],
  ['an AWS secret access key', /aws_?secret_?access_?key["'\s:=]+[A-Za-z0-9/+=]{40}\b/i],
  ['a private key', /-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----/],
];

test('no file in the repository holds a credential or a private key', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && !file.endsWith('package-lock.json'));
  expect(files.length).toBeGreaterThan(100);
  const found: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue; // deleted in the working tree
    }
    for (const [what, pattern] of SECRETS) if (pattern.test(text)) found.push(`${file}: ${what}`);
  }
  expect(found).toEqual([]);
});
