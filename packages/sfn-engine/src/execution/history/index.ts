/**
 * An execution's history: events.ts the event types and shapes, recorder.ts the History that
 * records them (entries.ts how it keeps them small, quota.ts the service's event quota),
 * service-shape.ts an event as GetExecutionHistory returns it.
 */
export type {
  DetailValue,
  EventDetails,
  HistoryEvent,
  HistoryEventType,
  JsonText,
  RecordedEvent,
} from './events';
export { asJson } from './events';
export { HISTORY_EVENT_QUOTA, HistoryQuotaReached } from './quota';
export { History } from './recorder';
export { shaped } from './service-shape';
