import type { StepFunctionsEngine } from '../../engine/engine';
import { type Action, optionalString, requiredString } from '../wire';

/** SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat. */
export function callbackActions(engine: StepFunctionsEngine): Record<string, Action> {
  return {
    SendTaskSuccess: (body) => {
      engine.sendTaskSuccess(requiredString(body, 'taskToken'), requiredString(body, 'output'));
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
