import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Vitest globalSetup (both configs): every temp folder a test run makes goes under one folder of its own, removed when
// the run ends. The test files and the `qmkit` processes they start read TMPDIR through os.tmpdir(), and the forked
// workers inherit it. A test that forgets to clean up, or a worker killed before its exit handlers run, leaves
// nothing behind on the machine: runs that left their folders in /tmp once filled a CI machine's disk.
export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'qmkit-test-run-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}
