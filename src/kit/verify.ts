import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from './hash.ts';

/** A file of the output and the SHA-256 its manifest entry gives it. */
export interface Listed {
  readonly path: string;
  readonly sha256: string;
}

/**
 * The first of `items` that is missing under `dir` or whose bytes do not have its SHA-256, as the message a build
 * fails with; undefined when every file is as listed. Run by a render worker for the images (while the main thread
 * writes the site) and by the main thread for what it writes last.
 */
export function checkFiles(dir: string, items: Iterable<Listed>): string | undefined {
  for (const item of items) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(dir, item.path));
    } catch {
      return `Internal error: 清单中的文件 ${item.path} 没有写出`;
    }
    if (sha256(bytes) !== item.sha256) return `Internal error: 文件 ${item.path} 的 SHA-256 与清单不符`;
  }
  return undefined;
}
