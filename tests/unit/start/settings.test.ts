import { fixedPorts, readSettings, SettingError } from '../../../local/start/settings';

test('the defaults: 8083, 8085 and 8084, waits at 0.1x', () => {
  const settings = readSettings({}, false);
  expect(fixedPorts(settings)).toEqual([
    { port: 8083, variable: 'SFN_PORT' },
    { port: 8085, variable: 'API_PORT' },
    { port: 8084, variable: 'DASHBOARD_PORT' },
  ]);
  expect(settings.waitTimeScale).toBe(0.1);
});

test('the variables move the ports; 0 (a free port) is not checked beforehand', () => {
  const settings = readSettings(
    { SFN_PORT: '9083', API_PORT: '0', DASHBOARD_PORT: '', WAIT_TIME_SCALE: '1' },
    false,
  );
  expect(fixedPorts(settings)).toEqual([
    { port: 9083, variable: 'SFN_PORT' },
    { port: 8084, variable: 'DASHBOARD_PORT' },
  ]);
  expect(settings.waitTimeScale).toBe(1);
});

test('--exit-after-demo takes free ports whatever the variables say, and has no dashboard', () => {
  const settings = readSettings({ SFN_PORT: '9083', API_PORT: 'oops' }, true);
  expect(fixedPorts(settings)).toEqual([]);
  expect(settings.dashboard).toBeUndefined();
});

test.each([
  [{ SFN_PORT: 'abc' }, "SFN_PORT must be a port number from 0 to 65535 (0 picks a free one), not 'abc'"],
  [{ API_PORT: '70000' }, "API_PORT must be a port number from 0 to 65535 (0 picks a free one), not '70000'"],
  [
    { DASHBOARD_PORT: '-1' },
    "DASHBOARD_PORT must be a port number from 0 to 65535 (0 picks a free one), not '-1'",
  ],
  [
    { SFN_PORT: '9000', DASHBOARD_PORT: '9000' },
    'SFN_PORT and DASHBOARD_PORT are both 9000: give each a port of its own',
  ],
  [
    { WAIT_TIME_SCALE: 'fast' },
    "WAIT_TIME_SCALE must be a number of 0 or more (0.1 runs a 20 s wait in 2 s), not 'fast'",
  ],
])('%j is refused, naming the variable', (env, message) => {
  expect(() => readSettings(env, false)).toThrow(new SettingError(message));
});
