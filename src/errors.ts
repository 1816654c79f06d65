/** Base class of every error the kit raises on purpose; anything else is a bug in the kit. */
export class KitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Where in a data file a problem sits. */
export interface SourcePlace {
  file: string;
  line: number;
  col: number;
}

/** One problem in a data file, with its place and field path. */
export class DataError extends KitError {
  constructor(
    readonly place: SourcePlace,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${place.file}:${place.line}:${place.col}${field ? ` ${field}` : ''}: ${problem}`);
  }
}

/** Several data problems found in one pass; `check` prints them all. */
export class DataErrors extends KitError {
  constructor(readonly errors: readonly DataError[]) {
    super(
      errors.length === 1
        ? errors[0]!.message
        : `数据有 ${errors.length} 处错误：\n${errors.map((e) => `  ${e.message}`).join('\n')}`,
    );
  }
}

export class UsageError extends KitError {}
export class ImportNoticeError extends KitError {}
export class RenderError extends KitError {}
export class BuildError extends KitError {}
/** A file-system error a person can fix (a full disk, no permission, a read-only disk), said with the fix. */
export class SystemError extends KitError {}

/** Renders an error and its cause chain for a person; the stack only when DEBUG is set. */
export function formatError(error: unknown, debug = Boolean(process.env.DEBUG)): string {
  const lines: string[] = [];
  let current: unknown = error;
  let depth = 0;
  while (current !== undefined && depth < 10) {
    const isKit = current instanceof KitError;
    const message = current instanceof Error ? current.message : String(current);
    const prefix = depth === 0 ? '' : `  ${depth}. 原因：`;
    lines.push(`${prefix}${depth === 0 && !isKit ? 'Internal error: ' : ''}${message}`);
    if (debug && current instanceof Error && current.stack) lines.push(current.stack);
    current = current instanceof Error ? current.cause : undefined;
    depth++;
  }
  return lines.join('\n');
}
