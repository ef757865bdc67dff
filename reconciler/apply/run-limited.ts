// Runs async tasks with at most `limit` in flight, and stops starting new ones once `stop()`
// says so (a conflict makes the rest of a phase pointless: the caller re-plans).

/** Runs `task` for every item, `limit` at a time, until all are done or `shouldStop` turns true. */
export async function runLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>, shouldStop: () => boolean): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !shouldStop()) {
      const item = items[next++]!;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
