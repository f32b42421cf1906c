/**
 * How a page that serves the console adds tabs of its own (the blog's dashboard adds its
 * pipeline panels): the server lists ES modules (ConsoleExtension.scripts); the page imports
 * each and calls its default export, a ConsoleExtensionModule, for its tabs. The tabs are drawn
 * in the console's frame and redrawn on its polls, like its own.
 */

/** What a tab shows now: the data it is drawn from (the same data is not drawn again) and how to draw it. */
export interface TabView {
  readonly data: unknown;
  readonly draw: () => HTMLElement;
}

export interface ConsoleTab {
  /** Its address (#id) and its nav link's test id (tab-<id>). */
  readonly id: string;
  readonly label: string;
  /** Reads what the tab shows; called on every poll while the tab is open. */
  readonly view: (redraw: () => void) => Promise<TabView>;
}

/** An extension module's default export. */
export type ConsoleExtensionModule = () => readonly ConsoleTab[];
