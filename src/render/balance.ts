// The two balance measures shared by the layouts (fit.ts) and the audit (audit/check-asset.ts): a hero may be
// neither mostly empty (fill) nor ragged (line balance). Pure functions: no Node APIs.

/**
 * The least share of the safe area the hero block (its widest line × its lines' height) must cover. Set below the
 * lowest value any shipped slogan or theme reaches on any non-LED profile (0.084, share-miniprogram) with margin; a
 * hero shrunk to a third of its size by one long Latin token covers about a ninth of what it could.
 */
export const FILL_MIN = 0.06;

/** No hero line may be shorter than this share of the hero's longest line (Latin letters, digits and spaces count half). */
export const BALANCE_MIN = 0.6;

/** A line's length for the balance rule: a character counts 1, a half-width one (ASCII: Latin letters, digits, spaces, signs) ½. */
export function lineWeight(line: string): number {
  let n = 0;
  for (const ch of line) n += ch >= ' ' && ch <= '~' ? 0.5 : 1;
  return n;
}

/** The shortest line's weight over the longest's (1 for a single line). */
export function balanceRatio(lines: readonly string[]): number {
  if (lines.length < 2) return 1;
  const w = lines.map(lineWeight);
  const max = Math.max(...w);
  return max > 0 ? Math.min(...w) / max : 1;
}

export const isBalanced = (lines: readonly string[]): boolean => balanceRatio(lines) >= BALANCE_MIN - 1e-9;
