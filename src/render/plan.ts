import type { Campaign, Site } from '../campaign/model.ts';
import { assetPath, publicBase, sharePath, sloganName, thumbPath, yearPath } from '../urls.ts';
import { barLabelLines, barParts } from './bar-parts.ts';
import type { RenderJob } from './job.ts';
import { ledPaging, ledStrip, stripLine } from './led-pages.ts';
import type { TextRole } from './messages.ts';
import { PROFILES, type Profile } from './profiles.ts';

// The pure planner: Campaign → RenderJob[]. No I/O and no fonts; the order is stable (profile order, then theme, then slogans).

/** LED panels carry no label: sample data starts every strip and page with this. */
export const LED_SAMPLE_MARKER = '示例：';

/** Assets wider than this get a gallery thumbnail. */
export const THUMB_ABOVE_PX = 400;
/** Width of a gallery thumbnail, at most. */
export const THUMB_MAX_PX = 360;

/** The campaign label: `2024年全国“质量月”`, `2022年天津市“质量月”`. */
export const campaignLabel = (c: Campaign) => `${c.year}年${c.editionName}“质量月”`;

interface Subject {
  text: string;
  n?: number;
  role: TextRole;
  url: string | null;
}

/** Choices of a build that change files: crop marks on the print PDFs (`--no-print-marks` turns them off). */
export interface PlanOptions {
  readonly printMarks?: boolean;
}

/**
 * Answers of the planner's text layout kept by the caller between plans (the build keeps them in its cache, under the
 * planner's source and ICU's version): JSON values by key. The planner stays pure: a key is everything its answer
 * depends on. Paging a text for the LED panels was nearly all of a 2022 plan's time (~70 ms on every build).
 */
export interface PlanMemo {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

function remembered<T>(memo: PlanMemo | undefined, key: readonly unknown[], make: () => T): T {
  if (!memo) return make();
  const k = JSON.stringify(key);
  const hit = memo.get(k);
  if (hit !== undefined) return hit as T;
  const value = make();
  memo.set(k, value);
  return value;
}

export function planJobs(campaign: Campaign, site: Site, profiles: readonly Profile[] = PROFILES, options: PlanOptions = {}, memo?: PlanMemo): RenderJob[] {
  const { base, preview } = publicBase(site);
  const { edition, year } = campaign;
  const jobs: RenderJob[] = [];
  for (const profile of profiles) {
    const subjects: Subject[] = [
      { text: campaign.theme, role: '主题', url: profile.qr ? base + yearPath(edition, year) : null },
      ...campaign.slogans.map((text, i) => ({ text, n: i + 1, role: '口号' as const, url: profile.qr ? base + sharePath(edition, year, i + 1) : null })),
    ];
    for (const subject of subjects) {
      const stem = subject.n === undefined ? 'theme' : sloganName(subject.n);
      const make = (name: string, fields: Partial<RenderJob> & Pick<RenderJob, 'kind' | 'text' | 'width' | 'height'>): RenderJob => {
        const path = assetPath(edition, year, profile.id, name, 'png');
        const led = profile.layout === 'led';
        return {
          id: `${edition}/${year}/${profile.id}/${name}`,
          name,
          edition,
          year,
          profile,
          audience: profile.audience,
          path,
          ...(led ? { bmpPath: assetPath(edition, year, profile.id, name, 'bmp') } : {}),
          ...(led && fields.kind === 'led-strip' ? { gifPath: assetPath(edition, year, profile.id, name, 'gif') } : {}),
          // One print PDF per poster, made from the trim variant (the -bleed PNGs stay for screens and proofs).
          ...(profile.trimMm && !profile.bleedMm ? { pdfPath: assetPath(edition, year, profile.id, name, 'pdf'), printMarks: options.printMarks ?? true } : {}),
          ...(fields.width > THUMB_ABOVE_PX ? { thumbPath: thumbPath(path) } : {}),
          ...(subject.n !== undefined ? { n: subject.n } : {}),
          fullText: subject.text,
          url: subject.url,
          label: campaignLabel(campaign),
          editionName: campaign.editionName,
          theme: campaign.theme,
          issuer: campaign.issuer,
          sample: campaign.sample,
          preview: subject.url !== null && preview,
          ...fields,
        };
      };
      if (profile.layout === 'led') {
        // LED panels carry no label, so sample data says so in the text itself.
        const ledText = campaign.sample ? LED_SAMPLE_MARKER + subject.text : subject.text;
        const strip = ledStrip(ledText, profile);
        jobs.push(make(`${stem}-strip`, { kind: 'led-strip', text: ledText, width: strip.width, height: profile.height, led: { cell: strip.cell, lines: [stripLine(ledText)], margin: strip.margin } }));
        const marker = campaign.sample ? LED_SAMPLE_MARKER : '';
        // The role only words the error of a text that does not fit (thrown, never remembered).
        const paging = remembered(memo, ['led-paging', subject.text, profile.width, profile.height, profile.minCharPx, marker], () => ledPaging(subject.text, profile, subject.role, marker));
        paging.pages.forEach((page, i) =>
          jobs.push(make(`${stem}-p${i + 1}`, { kind: 'led-page', page: i + 1, text: page.text, width: profile.width, height: profile.height, led: { cell: paging.cell, lines: page.lines, margin: 0 } })),
        );
        continue;
      }
      const kind = subject.n === undefined ? 'theme' : 'slogan';
      const size = { width: profile.width, height: profile.height };
      if (profile.layout === 'ultrawide') {
        const parts = barParts(subject.text, profile, barLabelLines(year, campaign.editionName, campaign.sample, false), subject.role);
        if (parts.length > 1) {
          parts.forEach((text, i) => jobs.push(make(`${stem}-${String.fromCharCode(97 + i)}`, { kind, text, page: i + 1, ...size })));
          continue;
        }
      }
      jobs.push(make(stem, { kind, text: subject.text, ...size }));
    }
  }
  return jobs;
}
