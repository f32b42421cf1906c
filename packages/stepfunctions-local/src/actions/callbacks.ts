import { InvalidOutput } from '@myblog/sfn-engine';
import type { StepFunctionsEngine } from '@myblog/sfn-engine';
import { withinDepth } from '../json-limits';
import { type Action, optionalString, requiredString } from '../wire';

/** SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat. */
export function callbackActions(engine: StepFunctionsEngine): Record<string, Action> {
  return {
    SendTaskSuccess: (body) => {
      const output = withinDepth(
        requiredString(body, 'output'),
        'The output',
        (message) => new InvalidOutput(`Invalid Output: '${message}'`),
      );
      engine.sendTaskSuccess(requiredString(body, 'taskToken'), output);
      return {};
    },
    SendTaskFailure: (body) => {
      engine.sendTaskFailure(
        requiredString(body, 'taskToken'),
        optionalString(body, 'error') ?? '',
        optionalString(body, 'cause') ?? '',
      );
      return {};
    },
    SendTaskHeartbeat: (body) => {
      engine.sendTaskHeartbeat(requiredString(body, 'taskToken'));
      return {};
    },
  };
}
