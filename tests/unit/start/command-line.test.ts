import { parseCommandLine, USAGE, UsageError } from '../../../local/start/command-line';

test('no flags runs the demo and stays; --no-demo and --exit-after-demo change that', () => {
  expect(parseCommandLine([])).toEqual({ kind: 'run', demo: true, exitAfterDemo: false });
  expect(parseCommandLine(['--no-demo'])).toEqual({ kind: 'run', demo: false, exitAfterDemo: false });
  expect(parseCommandLine(['--exit-after-demo'])).toEqual({ kind: 'run', demo: true, exitAfterDemo: true });
});

test('--help and -h ask for the usage, whatever else is given', () => {
  expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
  expect(parseCommandLine(['--no-demo', '-h'])).toEqual({ kind: 'help' });
});

test.each([
  [['--bogus'], "unknown option '--bogus'"],
  [['-x'], "unknown option '-x'"],
  [['--no-demo', '--port', '1'], "unknown option '--port'"],
  [['stray'], "unexpected argument 'stray'"],
  [['--', 'stray'], "unexpected argument 'stray'"],
  [['--no-demo=yes'], '--no-demo takes no value'],
])('%j is refused in a line that names it: %s', (args, message) => {
  expect(() => parseCommandLine(args)).toThrow(new UsageError(message));
});

test('the usage names every flag and every variable start.ts reads', () => {
  for (const word of ['--no-demo', '--exit-after-demo', '--help', 'SFN_PORT', 'API_PORT', 'DASHBOARD_PORT'])
    expect(USAGE).toContain(word);
  for (const word of [
    'WAIT_TIME_SCALE',
    'POWERTOOLS_LOG_LEVEL',
    'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
  ])
    expect(USAGE).toContain(word);
});
