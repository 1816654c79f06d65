import { existsSync, lstatSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { BuildError } from '../errors.ts';

/** Marks a folder as made by qmkit; only such folders are ever replaced or deleted. */
export const OUTPUT_MARKER = '.qmkit-output';
const TEMP_MARKER = '.qmkit-temp';

export interface StagedOutput {
  /** The temporary folder beside the output, where the whole build is written. */
  readonly dir: string;
  /**
   * Swaps the finished build into place, then removes the previous one on libuv's threads (~40 ms of a one-slogan
   * edit's main thread, which meanwhile records the build): the promise settles once it is gone. A process killed
   * before that leaves it beside the output, where the next build's recoverOutput removes it.
   */
  commit(): Promise<void>;
  /** Removes the temporary folder; the previous output stays exactly as it was. */
  abort(): void;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Refuses output folders that could hold someone's files: the root, home, the project, a symlink, or a folder qmkit didn't make. */
export function checkOutputDir(out: string, protect: readonly string[] = [process.cwd()]): void {
  const abs = path.resolve(out);
  const forbidden = [path.parse(abs).root, homedir(), ...protect.map((p) => path.resolve(p))];
  for (const f of forbidden) {
    if (isInside(f, abs)) {
      throw new BuildError(`不能把输出文件夹设为 ${abs}：它包含 ${f}，构建时会替换整个文件夹。请指定一个专用的子文件夹，如 output/`);
    }
  }
  if (!existsSync(abs)) return;
  const stat = lstatSync(abs);
  if (stat.isSymbolicLink()) throw new BuildError(`输出文件夹 ${abs} 是符号链接；为避免写到别处，请指定一个真实的文件夹`);
  if (!stat.isDirectory()) throw new BuildError(`输出路径 ${abs} 已存在且不是文件夹，请换一个路径`);
  const entries = readdirSync(abs);
  if (entries.length > 0 && !entries.includes(OUTPUT_MARKER)) {
    throw new BuildError(
      `输出文件夹 ${abs} 不是空的，也不是 qmkit 生成的（缺少 ${OUTPUT_MARKER} 标记）。为避免误删其中的文件，请换一个空文件夹，或先自行清空它`,
    );
  }
}

const siblingPrefix = (abs: string) => `.${path.basename(abs)}.qmkit-`;

/**
 * Removes what an earlier killed build left beside the output: temporary folders and, if the kill came between
 * the two renames of a swap, puts the previous output back first. Only folders carrying qmkit's marker are touched.
 */
export function recoverOutput(out: string): void {
  const abs = path.resolve(out);
  const parent = path.dirname(abs);
  if (!existsSync(parent)) return;
  const prefix = siblingPrefix(abs);
  const leftovers = readdirSync(parent).filter((name) => name.startsWith(prefix)).sort();
  for (const name of leftovers) {
    const full = path.join(parent, name);
    const ours = existsSync(path.join(full, TEMP_MARKER)) || existsSync(path.join(full, OUTPUT_MARKER));
    if (!lstatSync(full).isDirectory() || !ours) continue;
    if (name.startsWith(`${prefix}old-`) && !existsSync(abs)) {
      renameSync(full, abs);
      continue;
    }
    rmSync(full, { recursive: true, force: true });
  }
}

/** Creates the temporary build folder beside `out`. */
export function stageOutput(out: string): StagedOutput {
  const abs = path.resolve(out);
  const parent = path.dirname(abs);
  const dir = mkdtempSync(path.join(parent, `${siblingPrefix(abs)}tmp-`));
  writeFileSync(path.join(dir, TEMP_MARKER), '');
  let done = false;
  return {
    dir,
    commit() {
      if (done) return Promise.resolve();
      rmSync(path.join(dir, TEMP_MARKER));
      writeFileSync(path.join(dir, OUTPUT_MARKER), 'Made by qmkit. This whole folder is replaced on every build.\n');
      let old: string | undefined;
      if (existsSync(abs)) {
        old = mkdtempSync(path.join(parent, `${siblingPrefix(abs)}old-`));
        rmSync(old, { recursive: true });
        renameSync(abs, old);
      }
      renameSync(dir, abs);
      done = true;
      return old ? rm(old, { recursive: true, force: true }) : Promise.resolve();
    },
    abort() {
      if (done) return;
      done = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
