import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Where the project's own files are (templates/, src/, package.json), found the same way from the TypeScript sources
// (src/…, run by tsx in tests) and from the compiled code (dist/<hash>/…, run by bin/qmkit.js).

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Internal error: qmkit's package folder not found above ${from}`);
  }
}

/** The qmkit package folder, with a trailing separator. */
export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url))) + path.sep;

/** A path inside the package: projectPath('templates/'). */
export const projectPath = (rel: string) => path.join(PROJECT_ROOT, rel) + (rel.endsWith('/') ? path.sep : '');
