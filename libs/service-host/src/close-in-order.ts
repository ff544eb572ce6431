/**
 * Runs every close step in order, even when an earlier one rejects, so one failing service never
 * leaves the bus or Azurite running; rejects afterwards with the first failure.
 */
export async function closeInOrder(steps: (() => Promise<void> | void)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}
