import { setTimeout as sleep } from 'node:timers/promises';
import { FunctionTimedOut } from '../runtime/function-host/errors';
import type { LambdaHandler } from '@myblog/stepfunctions-local';
import type { FunctionName } from '../../topology/types';

/** How often each kind of fault strikes, from 0 to 1. */
export interface FaultPlan {
  /** A function invocation fails before its code runs (the Lambda service failing). */
  readonly functions: number;
  /** A function runs, its side effects happen, and then its answer is lost. */
  readonly lostAnswers: number;
  /** SES throttles the welcome email. */
  readonly ses: number;
  /** A function runs, its side effects happen, and then it hangs until its timeout. */
  readonly timeouts: number;
}

export const NO_FAULTS: FaultPlan = { functions: 0, lostAnswers: 0, ses: 0, timeouts: 0 };
export const DEFAULT_FAULTS: FaultPlan = { functions: 0.1, lostAnswers: 0.03, ses: 0.1, timeouts: 0.02 };

/** `functions=0.1,lost-answers=0.03,ses=0.1,timeouts=0.02` (the FAULTS setting) → a plan; unknown names are an error. */
export function parseFaults(text: string): FaultPlan {
  const plan: Record<keyof FaultPlan, number> = { ...NO_FAULTS };
  const names: Record<string, keyof FaultPlan> = {
    functions: 'functions',
    'lost-answers': 'lostAnswers',
    ses: 'ses',
    timeouts: 'timeouts',
  };
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [name, value] = part.split('=');
    const key = names[name ?? ''];
    const rate = Number(value);
    if (key === undefined) throw new Error(`Unknown fault "${name}": use ${Object.keys(names).join(', ')}`);
    if (!(rate >= 0 && rate <= 1))
      throw new Error(`Fault rate of ${name} must be between 0 and 1, got ${value}`);
    plan[key] = rate;
  }
  return plan;
}

const failure = (name: string, message: string) => Object.assign(new Error(message), { name });

/** What the faults did, to print beside the soak's results. */
export interface FaultCounts {
  functions: number;
  lostAnswers: number;
  ses: number;
  timeouts: number;
}

/**
 * A function handler that fails as the plan says: before running (retried by the workflows as
 * Lambda.ServiceException), after running (its answer lost, or it hangs until its timeout: the
 * retry must not repeat the side effect), or, for
 * the welcome email, with SES throttling (EmailThrottled, retried with back-off). The blog API is
 * left alone: its failures go to the client, which sees them.
 */
export function withFaults(
  plan: FaultPlan,
  counts: FaultCounts,
  random: () => number = Math.random,
): (name: FunctionName, handler: LambdaHandler, timeoutSeconds: number) => LambdaHandler {
  return (name, handler, timeoutSeconds) => {
    if (name === 'blogApi') return handler;
    return async (event, context) => {
      const started = Date.now();
      if (random() < plan.functions) {
        counts.functions += 1;
        throw failure('Lambda.ServiceException', `Injected fault: ${name} did not run`);
      }
      if (name === 'sendWelcomeEmail' && random() < plan.ses) {
        counts.ses += 1;
        throw failure('EmailThrottled', 'Injected fault: SES throttled the send');
      }
      const result = await handler(event, context);
      if (random() < plan.timeouts) {
        counts.timeouts += 1;
        // Never answers: the function's timeout (Sandbox.Timedout) ends the invocation.
        await sleep(Math.max(0, started + timeoutSeconds * 1000 - Date.now()));
        throw new FunctionTimedOut(context.awsRequestId, timeoutSeconds);
      }
      if (random() < plan.lostAnswers) {
        counts.lostAnswers += 1;
        throw failure('Lambda.ServiceException', `Injected fault: ${name} ran, its answer was lost`);
      }
      return result;
    };
  };
}
