/** An environment variable `npm start` reads holds something it cannot use; the message says which. */
export class SettingError extends Error {
  override readonly name = 'SettingError';
}

/** A port a server of `npm start` listens on, and the variable that moves it. */
export interface FixedPort {
  readonly port: number;
  readonly variable: 'SFN_PORT' | 'API_PORT' | 'DASHBOARD_PORT';
}

export interface Settings {
  readonly stepFunctions: FixedPort;
  readonly api: FixedPort;
  /** Absent with --exit-after-demo, which runs without the dashboard. */
  readonly dashboard?: FixedPort;
  readonly waitTimeScale: number;
}

type Environment = Readonly<Record<string, string | undefined>>;

function port(env: Environment, variable: FixedPort['variable'], fallback: number): FixedPort {
  const text = env[variable]?.trim() || String(fallback);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535)
    throw new SettingError(
      `${variable} must be a port number from 0 to 65535 (0 picks a free one), not '${text}'`,
    );
  return { port: value, variable };
}

/**
 * The ports and the wait scale from the environment, checked before anything starts. With
 * --exit-after-demo every port is 0 (free ones), so a demo runs beside an `npm start`.
 */
export function readSettings(env: Environment, exitAfterDemo: boolean): Settings {
  const free = (variable: FixedPort['variable']): FixedPort => ({ port: 0, variable });
  const stepFunctions = exitAfterDemo ? free('SFN_PORT') : port(env, 'SFN_PORT', 8083);
  const api = exitAfterDemo ? free('API_PORT') : port(env, 'API_PORT', 8085);
  const dashboard = exitAfterDemo ? undefined : port(env, 'DASHBOARD_PORT', 8084);
  const fixed = [stepFunctions, api, ...(dashboard === undefined ? [] : [dashboard])];
  for (const [index, a] of fixed.entries()) {
    const b = fixed.slice(index + 1).find((other) => other.port !== 0 && other.port === a.port);
    if (b !== undefined)
      throw new SettingError(
        `${a.variable} and ${b.variable} are both ${a.port}: give each a port of its own`,
      );
  }
  const scaleText = env['WAIT_TIME_SCALE']?.trim() || '0.1';
  const waitTimeScale = Number(scaleText);
  if (!Number.isFinite(waitTimeScale) || waitTimeScale < 0)
    throw new SettingError(
      `WAIT_TIME_SCALE must be a number of 0 or more (0.1 runs a 20 s wait in 2 s), not '${scaleText}'`,
    );
  return { stepFunctions, api, ...(dashboard === undefined ? {} : { dashboard }), waitTimeScale };
}

/** The ports to check before starting: the fixed ones, not those left to the OS (0). */
export function fixedPorts(settings: Settings): FixedPort[] {
  return [settings.stepFunctions, settings.api, settings.dashboard].filter(
    (entry): entry is FixedPort => entry !== undefined && entry.port !== 0,
  );
}
