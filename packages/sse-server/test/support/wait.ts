/** Waits for a condition the server reaches asynchronously: a bounded number of short turns, no timing asserted. */
export async function waitFor(condition: () => boolean, turns = 2000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("the condition was never met");
}
