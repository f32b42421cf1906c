import type { DashboardConfig } from '../api-types';
import { api } from './api';
import { h } from './dom';
import { offloadPanel } from './offload-panel';
import { deadLetterQueuesView, outboxView, photosView, releasesView } from './pipeline-panels';
import { todoPanel } from './todo-panel';
import { tryPanel } from './try-panel';

/**
 * The pipeline's tabs, added to the console of @myblog/stepfunctions-local, which the dashboard
 * serves: the console imports this module and calls its default export (its extension contract,
 * the package's console/web/extension.ts, restated here: a package is imported only through its
 * entry, which a browser bundle cannot load).
 */
interface TabView {
  readonly data: unknown;
  readonly draw: () => HTMLElement;
}
interface ConsoleTab {
  readonly id: string;
  readonly label: string;
  readonly view: (redraw: () => void) => Promise<TabView>;
}

let config: Promise<DashboardConfig> | undefined;
/** What the last redrive of each queue did, shown on its card until the next one. */
const redriveResults: Record<string, string> = {};

export default function pipelineTabs(): readonly ConsoleTab[] {
  return [
    {
      id: 'try',
      label: 'Try it',
      // A form being filled in is never redrawn: its data never changes.
      view: async () => {
        const { apiUrl } = await (config ??= api.config());
        return { data: 'try', draw: () => tryPanel(apiUrl) };
      },
    },
    {
      id: 'outbox',
      label: 'SES outbox',
      view: async () => {
        const emails = await api.emails();
        return { data: emails, draw: () => outboxView(emails) };
      },
    },
    {
      id: 'photos',
      label: 'Thumbnails',
      view: async () => {
        const photos = await api.photos();
        return { data: photos, draw: () => photosView(photos) };
      },
    },
    {
      id: 'releases',
      label: 'Releases',
      view: async () => {
        const releases = await api.releases();
        return { data: releases, draw: () => h('div', {}, offloadPanel(), releasesView(releases)) };
      },
    },
    {
      id: 'dlqs',
      label: 'Dead-letter queues',
      view: async (redraw) => {
        const queues = await api.deadLetterQueues();
        const results = { ...redriveResults };
        return {
          data: [queues, results],
          draw: () =>
            deadLetterQueuesView(queues, results, async (queue) => {
              try {
                const done = await api.redrive(queue);
                redriveResults[queue] = `moved ${done.moved}, kept ${done.kept}`;
              } catch (error) {
                redriveResults[queue] = (error as Error).message;
              }
              redraw();
            }),
        };
      },
    },
    {
      id: 'todo',
      label: 'MyTodoList',
      // The panel refreshes itself: reminders and cache counts move without the blog's executions.
      view: async () => ({ data: 'todo', draw: () => todoPanel() }),
    },
  ];
}
