import type { AssetAudit } from './check-asset.ts';
import { RULE_NAMES } from './rules.ts';

/** output/audit.json: every asset's legibility record (a public file: keep its shape stable). */
export interface AuditReport {
  readonly version: 1;
  readonly ok: boolean;
  readonly total: number;
  readonly failed: number;
  readonly assets: readonly AssetAudit[];
}

export function makeReport(assets: readonly AssetAudit[]): AuditReport {
  const failed = assets.filter((a) => !a.ok).length;
  return { version: 1, ok: failed === 0, total: assets.length, failed, assets };
}

/** One Chinese line per failed rule, naming the asset, its profile and the rule. */
export function failureLines(report: AuditReport): string[] {
  return report.assets.flatMap((a) =>
    a.rules.filter((r) => !r.ok).map((r) => `${a.path}（${a.profile}）未通过「${RULE_NAMES[r.rule]}」：${r.detail}`),
  );
}
