import type { Frame, MapItemContext } from '../execution/frame';
import { StateVisit } from '../execution/frame';
import { type JsonObject, isObject } from '@myblog/asl';

/**
 * The visit of the state under test. Its context object is the one the request supplied, taken
 * as given, or else the one the service builds for a test run: the test execution, its state
 * machine and the state (RetryCount only in a state that retries), without redrive fields. A task
 * token and a Map item are added to either.
 */
export class TestStateVisit extends StateVisit {
  constructor(
    frame: Frame,
    stateName: string,
    enteredAt: number,
    private readonly supplied: JsonObject | undefined,
  ) {
    super(frame, stateName, enteredAt);
  }

  override context(): JsonObject {
    const context = this.supplied === undefined ? this.built() : structuredClone(this.supplied);
    if (this.taskToken !== undefined) {
      const task = isObject(context['Task']) ? context['Task'] : {};
      context['Task'] = { ...task, Token: this.taskToken };
    }
    const item = this.mapItem;
    if (item !== undefined) context['Map'] = { Item: { Index: item.index, Value: item.value } };
    return context;
  }

  override forItem(item: MapItemContext): StateVisit {
    const visit = new TestStateVisit(this.frame, this.stateName, this.enteredAt, this.supplied);
    visit.retryCount = this.retryCount;
    visit.countsRetries = this.countsRetries;
    visit.mapItem = item;
    return visit;
  }

  private built(): JsonObject {
    const id = this.frame.run.identity;
    return {
      Execution: {
        Id: id.executionArn,
        Input: id.input,
        Name: id.executionName,
        ...(id.roleArn === '' ? {} : { RoleArn: id.roleArn }),
        StartTime: id.startTime,
      },
      StateMachine: { Id: id.stateMachineArn, Name: id.stateMachineName },
      State: {
        Name: this.stateName,
        EnteredTime: new Date(this.enteredAt).toISOString(),
        ...(this.countsRetries ? { RetryCount: this.retryCount } : {}),
      },
    };
  }
}
