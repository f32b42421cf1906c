import type { Json } from '@myblog/asl';
import type { DetailValue, EventDetails, HistoryEvent, JsonText, RecordedEvent } from './events';

function render(value: DetailValue, includeData: boolean, jsonText: JsonText): unknown {
  if (value === undefined || typeof value !== 'object') return value;
  if ('json' in value && Object.keys(value).length === 1)
    return includeData ? jsonText((value as { json: Json }).json) : undefined;
  // fromEntries keeps a variable named __proto__ as data.
  return Object.fromEntries(
    Object.entries(value as EventDetails)
      .map(([key, inner]) => [key, render(inner, includeData, jsonText)] as const)
      .filter(([, rendered]) => rendered !== undefined),
  );
}

/** A recorded event in the service's shape; `jsonText` writes its JSON values (JSON.stringify). */
export function shaped(
  event: RecordedEvent,
  includeExecutionData: boolean,
  jsonText: JsonText = JSON.stringify,
): HistoryEvent {
  const shape: HistoryEvent = {
    timestamp: new Date(event.timestamp),
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
  };
  if (event.detailsKey !== undefined && event.details !== undefined) {
    shape[event.detailsKey] = render(event.details, includeExecutionData, jsonText);
  }
  return shape;
}
