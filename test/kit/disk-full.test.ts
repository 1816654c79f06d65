import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainSystemError } from '../../src/system-error.ts';
import { formatError, SystemError } from '../../src/errors.ts';
import { sampleData, tempDir } from './helpers.ts';

// A full disk is the user's to fix, not a bug of the kit: the build says so in Chinese, names the file it could not
// write and the fix, exits 1 (not 70, "internal error"), and leaves the last output as it was. A CI machine whose
// disk had filled up printed "Internal error: ENOSPC: no space left on device, copyfile …".

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/qmkit.js');
// A small file system of its own needs a mount namespace (root, or a kernel that lets a user make one).
const canMount = spawnSync('unshare', ['-m', 'true']).status === 0;

describe('a full disk', () => {
  it('ENOSPC from a write is said in Chinese, with the file (when its writer named it) and the fix; the original error stays as the cause', () => {
    let error: unknown;
    // 'r+' never creates the file (were /dev/full missing, a plain write would make one in /dev).
    const fd = openSync('/dev/full', 'r+');
    try {
      writeSync(fd, 'x');
    } catch (e) {
      error = e;
    } finally {
      closeSync(fd);
    }
    const nameless = formatError(explainSystemError(error));
    expect(nameless).toMatch(/^磁盘空间不足，无法写入文件。请清理这个分区/);
    expect(nameless).toContain('1. 原因：ENOSPC: no space left on device, write');
    Object.assign(error as object, { path: '/dev/full' });
    const explained = explainSystemError(error);
    expect(explained).toBeInstanceOf(SystemError);
    expect((explained as Error).cause).toBe(error);
    const shown = formatError(explained);
    expect(shown).toMatch(/^磁盘空间不足，无法写入文件 \/dev\/full。请清理这个分区/);
    expect(shown).not.toContain('Internal error');
  });

  it('an error that crossed from a worker without its code is read from its message, and names the target of a copy', () => {
    const error = new Error("ENOSPC: no space left on device, copyfile '/a/b.bin' -> '/srv/site/c.bin'");
    const shown = formatError(explainSystemError(new Error('渲染失败', { cause: error })));
    expect(shown).toContain('无法写入文件 /srv/site/c.bin');
    expect(formatError(explainSystemError(new Error('plain bug')))).toBe('Internal error: plain bug');
  });

  it.skipIf(!canMount)('a build that runs out of space exits 1 with the message, and the last output is unchanged, with no temp folder left', () => {
    const work = tempDir('qmkit-disk-full-');
    sampleData(['示例口号甲 质量第一'], path.join(work, 'data1'));
    sampleData(['示例口号乙 品质为先', '示例口号丙 标准引领'], path.join(work, 'data2'));
    const mnt = path.join(work, 'mnt');
    mkdirSync(mnt);
    // Everything that needs the small file system runs inside one mount namespace; what to check is copied out.
    const script = `set -u
mount -t tmpfs -o size=160m tmpfs "$MNT" || exit 97
build() { "$NODE" "$BIN" build --data "$1" --out "$MNT/out" --profile share-og --cache-dir cache; }
hashes() { (cd "$MNT/out" && find . -type f -exec sha256sum {} + | sort); }
build data1 >first.out 2>first.err; echo $? >first.code
hashes >before.sha
fallocate -l $(( $(df -B1 --output=avail "$MNT" | tail -1) - 65536 )) "$MNT/filler"
build data2 >second.out 2>second.err; echo $? >second.code
hashes >after.sha
ls -A "$MNT" >listing
`;
    const run = spawnSync('unshare', ['-m', 'bash', '-c', script], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', MNT: mnt, NODE: process.execPath, BIN },
    });
    expect(run.status, run.stderr).toBe(0);
    const read = (name: string) => readFileSync(path.join(work, name), 'utf8');
    expect(read('first.code').trim(), read('first.err')).toBe('0');
    expect(read('second.code').trim()).toBe('1');
    const stderr = read('second.err');
    expect(stderr).toMatch(new RegExp(`磁盘空间不足，无法写入文件 ${mnt}/\\S+。请清理这个分区`));
    expect(stderr).not.toContain('Internal error');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(read('after.sha')).toBe(read('before.sha'));
    expect(read('before.sha').split('\n').length).toBeGreaterThan(50);
    expect(read('listing').split('\n').filter(Boolean).sort()).toEqual(['filler', 'out']);
  }, 300_000);
});
