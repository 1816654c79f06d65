import { KitError, SystemError } from './errors.ts';

// Node only (errors.ts is also bundled for the browser): what a full disk, a missing permission or a read-only disk
// means for the person running qmkit, and what to do about it, instead of "Internal error: ENOSPC".

/** What each file-system error means for a person, and the fix; `where` is the file or folder involved, if known. */
const SYSTEM_ERRORS: Record<string, (where: string | undefined) => string> = {
  ENOSPC: (where) => `磁盘空间不足，无法写入文件${where ? ` ${where}` : ''}。请清理这个分区（\`df -h\` 显示各分区的剩余空间），或把输出放到空间更大的分区（--out），然后重试。`,
  EDQUOT: (where) => `磁盘配额已用完，无法写入文件${where ? ` ${where}` : ''}。请清理这个账户的文件，或把输出放到别处（--out），然后重试。`,
  EROFS: (where) => `${where ?? '要写的文件'} 在只读的文件系统上，无法写入。请用 --out 换一个可写的文件夹。`,
  EACCES: (where) => `没有权限访问 ${where ?? '所需的文件'}。请检查它的权限，或换一个有权限的文件夹（--out、--cache-dir）。`,
  EPERM: (where) => `系统不允许这样操作 ${where ?? '所需的文件'}。请检查它的权限，或换一个文件夹（--out、--cache-dir）。`,
};

/**
 * Turns a file-system error a person can fix into a SystemError that says so in Chinese and names the file, with the
 * original as its cause; anything else is returned as it is. Errors that crossed from a worker thread may have lost
 * their `code`: then the message's Node prefix ("ENOSPC: …, copyfile 'a' -> 'b'") is read instead. A failed write
 * names no file unless its writer added the `path` (the kit's writeUnder does).
 */
export function explainSystemError(error: unknown): unknown {
  if (error instanceof KitError) return error;
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
    const e = current as NodeJS.ErrnoException & { dest?: string };
    const fromMessage = /^(E[A-Z]+): [^,]*, \w+(?: '([^']*)'(?: -> '([^']*)')?)?/.exec(e.message);
    const code = e.code ?? fromMessage?.[1];
    const explain = code === undefined ? undefined : SYSTEM_ERRORS[code];
    if (!explain) continue;
    const where = e.dest ?? fromMessage?.[3] ?? e.path ?? fromMessage?.[2];
    return new SystemError(explain(where), { cause: error });
  }
  return error;
}
