import cliProgress from 'cli-progress';

/** Reports build progress: a bar on a terminal, plain lines in CI or when piped. */
export interface Progress {
  start(total: number, label: string): void;
  tick(detail: string): void;
  stop(): void;
  info(line: string): void;
  warn(line: string): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {}, info() {}, warn() {} };

export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  let bar: cliProgress.SingleBar | undefined;
  let total = 0;
  let done = 0;
  let lastPct = -1;
  let label = '';
  return {
    start(n, l) {
      total = n;
      done = 0;
      lastPct = -1;
      label = l;
      if (tty && n > 0) {
        bar = new cliProgress.SingleBar(
          { format: `${l} [{bar}] {value}/{total} {detail}`, stream, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(n, 0, { detail: '' });
      } else if (n > 0) stream.write(`${l}：共 ${n} 项\n`);
    },
    tick(detail) {
      done++;
      if (bar) bar.update(done, { detail });
      else {
        const pct = Math.floor((done / Math.max(total, 1)) * 10) * 10;
        if (pct !== lastPct) {
          lastPct = pct;
          stream.write(`${label}：${done}/${total}（${pct}%）\n`);
        }
      }
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
    info(line) {
      stream.write(`${line}\n`);
    },
    warn(line) {
      stream.write(`⚠ ${line}\n`);
    },
  };
}
