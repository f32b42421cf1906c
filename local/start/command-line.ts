import { parseArgs } from 'node:util';

/** A flag or argument `npm start` does not take; the message names it in one line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'run'; readonly demo: boolean; readonly exitAfterDemo: boolean };

export const USAGE = `Usage: npm start [-- options]          (the same as: npx tsx local/start.ts [options])
       npm run demo                     (npm start -- --exit-after-demo)

Starts the whole pipeline on this machine: moto_server (S3, SQS, SNS, SES, Kinesis, DynamoDB,
CloudFront) on a free port, the local Step Functions, the pipeline's resources and its three
workflows, the functions and the pollers playing the Pipes, the blog's REST API and the
dashboard. Then a demo through the three flows, and it runs until stopped: Ctrl-C, SIGTERM or
SIGHUP, or the process that started it going away, stops all of it, moto included.

Options:
  --no-demo          start the pipeline without running the demo
  --exit-after-demo  run the demo on free ports without the dashboard, print its summary and exit:
                     0 only if every event ended as expected
  -h, --help         print this and exit

Environment:
  SFN_PORT=8083        port of the local Step Functions API (0 picks a free one)
  API_PORT=8085        port of the blog's REST API (0 picks a free one)
  DASHBOARD_PORT=8084  port of the dashboard (0 picks a free one)
                       The three are checked before anything starts; --exit-after-demo ignores
                       them and uses free ports.
  WAIT_TIME_SCALE=0.1  how fast Wait states and wait-for-invalidation loops run (1 = real time)
  POWERTOOLS_LOG_LEVEL=WARN
                       log level of the functions (Powertools Logger)
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
                       hides the AWS SDK's warning about this Node version
  PATH                 where moto_server is found (pip install "moto[server]")

It writes .local-data/runtime.json, where npm run signup / upload / publish-release find it.

Exit status: 0 once stopped (or, with --exit-after-demo, when every demo event ended as
expected); 1 when a part could not start or the demo found a problem; 2 for a bad option or
environment variable.
`;

const OPTIONS = {
  'no-demo': { type: 'boolean' },
  'exit-after-demo': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Reads `npm start`'s arguments. parseArgs runs non-strict and each token is checked here, so an
 * unknown flag is named in a line of our own instead of node's ERR_PARSE_ARGS_* stack trace.
 */
export function parseCommandLine(args: readonly string[]): Command {
  const { values, tokens } = parseArgs({ args: [...args], options: OPTIONS, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') throw new UsageError(`unexpected argument '${token.value}'`);
    if (token.kind !== 'option') continue;
    if (!Object.hasOwn(OPTIONS, token.name)) throw new UsageError(`unknown option '${token.rawName}'`);
    if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
  }
  if (values.help === true) return { kind: 'help' };
  return { kind: 'run', demo: values['no-demo'] !== true, exitAfterDemo: values['exit-after-demo'] === true };
}
