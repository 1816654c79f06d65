import { vi } from 'vitest';
import { main } from '../src/cli.ts';

/** Runs `qmkit <args>` in-process, capturing what it prints to the console. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await main(args);
    return { code, stdout: log.mock.calls.map((c) => c.join(' ')).join('\n'), stderr: err.mock.calls.map((c) => c.join(' ')).join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}
