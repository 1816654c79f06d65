import type { AuditReport } from '../audit/report.ts';
import { RULE_NAMES } from '../audit/rules.ts';
import { PROFILES } from '../render/profiles.ts';
import type { YearView } from './view-model.ts';

// The audit page of one edition-year: a summary row per screen and every failure in full. The per-file records
// are in audit.json; listing 500 files here would break the 50 KB page budget without telling anyone more.

export interface AuditProfileRow {
  readonly id: string;
  readonly label: string;
  readonly size: string;
  readonly files: number;
  readonly passed: number;
  readonly minCharPx: number;
  readonly minCharMm: number;
  readonly requiredPx: number;
  readonly requiredMm: number;
  readonly minContrast: string;
  readonly requiredContrast: number;
  readonly qr: string;
}

export interface AuditPageView {
  readonly year: YearView;
  readonly path: string;
  readonly ok: boolean;
  readonly total: number;
  readonly failed: number;
  readonly rows: readonly AuditProfileRow[];
  readonly failures: readonly { readonly file: string; readonly profile: string; readonly rule: string; readonly detail: string }[];
}

export const auditPagePath = (year: YearView) => `${year.path}audit/`;

export function auditPages(years: readonly YearView[], report: AuditReport | undefined): AuditPageView[] {
  if (!report) return [];
  return years.flatMap((year) => {
    const prefix = `assets/${year.edition}/${year.year}/`;
    const mine = report.assets.filter((a) => a.path.startsWith(prefix));
    if (mine.length === 0) return [];
    const rows = PROFILES.flatMap((p): AuditProfileRow[] => {
      const of = mine.filter((a) => a.profile === p.id);
      if (of.length === 0) return [];
      const smallest = of.reduce((m, a) => (a.minCharPx < m.minCharPx ? a : m));
      const contrasts = of.map((a) => a.minContrast).filter((c): c is number => c !== null);
      const qrRules = of.flatMap((a) => a.rules.filter((r) => r.rule === 'qr'));
      return [
        {
          id: p.id,
          label: p.label,
          size: `${p.width}×${p.height}`,
          files: of.length,
          passed: of.filter((a) => a.ok).length,
          minCharPx: smallest.minCharPx,
          minCharMm: smallest.minCharMm,
          requiredPx: smallest.requiredPx,
          requiredMm: smallest.requiredMm,
          minContrast: contrasts.length ? `${Math.min(...contrasts).toFixed(1)}:1` : '—',
          requiredContrast: of[0]!.requiredContrast,
          qr: qrRules.length ? `${qrRules.filter((r) => r.ok).length}/${qrRules.length}` : '—',
        },
      ];
    });
    const failures = mine.flatMap((a) =>
      a.rules.filter((r) => !r.ok).map((r) => ({ file: a.path.slice(prefix.length), profile: a.profile, rule: RULE_NAMES[r.rule], detail: r.detail })),
    );
    return [{ year, path: auditPagePath(year), ok: failures.length === 0, total: mine.length, failed: mine.filter((a) => !a.ok).length, rows, failures }];
  });
}
