import { describe, expect, it } from 'vitest';
import { Budget } from '../../src/kit/renderer.ts';

// The contact sheets' memory budget (renderer.contactSheet): what runs together, and in what order.

/** Runs tasks of the given weights through a budget; each records when it starts and ends, and holds for `ms`. */
async function run(budget: Budget, weights: number[], ms = 5) {
  const log: string[] = [];
  let running = 0;
  let most = 0;
  await Promise.all(
    weights.map(async (w, i) => {
      await budget.enter(w);
      running++;
      most = Math.max(most, running);
      log.push(`start ${i}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${i}`);
      running--;
      budget.leave(w);
    }),
  );
  return { log, most };
}

describe('Budget', () => {
  it('lets small tasks run side by side', async () => {
    const { most } = await run(new Budget(200), [10, 10, 10]);
    expect(most).toBe(3);
  });

  it('runs a task heavier than the budget alone, after the ones before it and before the ones after it', async () => {
    const { log } = await run(new Budget(200), [10, 338, 10]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('keeps call order: a task that does not fit holds back the lighter ones behind it', async () => {
    const { log } = await run(new Budget(200), [150, 100, 10]);
    expect(log.slice(0, 3)).toEqual(['start 0', 'end 0', 'start 1']);
    expect(log.indexOf('start 2')).toBeLessThan(log.indexOf('end 1'));
  });
});
