/** The smallest function there is: what it costs to invoke is all host, no work. */
export const handler = async (event: unknown): Promise<{ event: unknown; rss: number }> => ({
  event,
  rss: process.memoryUsage().rss,
});
