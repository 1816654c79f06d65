import { Document } from 'yaml';
import { parseCampaignText } from '../campaign/load.ts';
import type { Campaign, Section } from '../campaign/model.ts';
import { siteSchema } from '../campaign/schema.ts';
import type { DataError } from '../errors.ts';
import { KEY_ORDER, YAML_OPTIONS } from '../notice/to-yaml.ts';

// The maker's draft: the campaign fields of the data contract (same names as a campaign YAML file) plus the
// baseUrl of data/site.yaml. It travels in `#draft=` links (base64url of its UTF-8 JSON), is kept in
// localStorage, and is written out as a campaign YAML that `qmkit check` accepts. Pure: no DOM, no I/O.

export interface Draft {
  year: number;
  edition: string;
  editionName: string;
  title: string;
  docNumber?: string;
  signedOn?: string;
  issuer: string;
  theme: string;
  slogans: string[];
  focusAreas?: Section[];
  keyEvents?: Section[];
  requirements?: Section[];
  closing?: string;
  organizers?: string[];
  organizersTotal?: number;
  source: { file: string; url?: string };
  sample: boolean;
  /** Groups a local edition on the home page (data contract, issue 14). */
  province?: string;
  /** Where the QR codes point (data/site.yaml's baseUrl); '' for none (cards are then marked 预览). */
  baseUrl: string;
}

/** The name of a draft in validation messages (there is no file). */
export const DRAFT_DISPLAY = '草稿';
/** source.file of a draft typed into the maker (not imported from a notice or a file). */
export const MAKER_SOURCE = '质量月海报工具录入';
/** A `#draft=` fragment longer than this is refused (a whole campaign with every section is far smaller). */
export const MAX_DRAFT_CHARS = 2_000_000;

export function blankDraft(year: number): Draft {
  return { year, edition: '', editionName: '', title: '', issuer: '', theme: '', slogans: [], source: { file: MAKER_SOURCE }, sample: false, baseUrl: '' };
}

/** A shipped campaign as the base of a new draft. */
export function draftFromCampaign(c: Campaign, baseUrl = ''): Draft {
  const copy = JSON.parse(JSON.stringify(c)) as Omit<Draft, 'baseUrl'>;
  return { ...copy, baseUrl };
}

// ---- #draft= links ----

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('链接中的草稿含有 base64url 以外的字符');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The draft's fields in the data contract's order, then baseUrl; undefined fields left out. */
function ordered(draft: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (draft[key] !== undefined) out[key] = draft[key];
  out.baseUrl = draft.baseUrl;
  return out;
}

/** `draft=` + base64url(UTF-8 JSON): the fragment of a link that opens this draft. */
export function encodeDraft(draft: Draft): string {
  return `draft=${toBase64Url(new TextEncoder().encode(JSON.stringify(ordered(draft))))}`;
}

const isText = (v: unknown): v is string => typeof v === 'string';
const sections = (v: unknown): Section[] | undefined =>
  Array.isArray(v)
    ? v.filter((s): s is Record<string, unknown> => s !== null && typeof s === 'object' && isText((s as Record<string, unknown>).title)).map((s) => ({
        title: s.title as string,
        ...(isText(s.detail) ? { detail: s.detail } : {}),
      }))
    : undefined;

/**
 * Reads a draft from a location hash (`#draft=…`); undefined when the hash holds no draft. Only the known fields
 * are kept, each only with the expected type (a link is untrusted input); validation then judges the values.
 * Throws an Error with a Chinese message when the fragment is not a readable draft.
 */
export function decodeDraft(hash: string): Draft | undefined {
  const m = /^#?draft=(.*)$/s.exec(hash);
  if (!m) return undefined;
  const payload = m[1]!;
  if (payload.length > MAX_DRAFT_CHARS) throw new Error(`链接中的草稿过长（${payload.length} 个字符），最多 ${MAX_DRAFT_CHARS} 个`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(payload)));
  } catch (e) {
    throw new Error(`链接中的草稿无法读取（${e instanceof SyntaxError ? '不是有效的 JSON' : (e as Error).message}），请让对方重新复制链接`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('链接中的草稿应为一组字段，请让对方重新复制链接');
  const v = value as Record<string, unknown>;
  const draft = blankDraft(typeof v.year === 'number' && Number.isInteger(v.year) ? v.year : new Date().getFullYear());
  for (const key of ['edition', 'editionName', 'title', 'issuer', 'theme', 'baseUrl'] as const) if (isText(v[key])) draft[key] = v[key];
  for (const key of ['docNumber', 'signedOn', 'closing', 'province'] as const) if (isText(v[key])) draft[key] = v[key];
  if (Array.isArray(v.slogans)) draft.slogans = v.slogans.filter(isText);
  for (const key of ['focusAreas', 'keyEvents', 'requirements'] as const) {
    const list = sections(v[key]);
    if (list) draft[key] = list;
  }
  if (Array.isArray(v.organizers)) draft.organizers = v.organizers.filter(isText);
  if (typeof v.organizersTotal === 'number') draft.organizersTotal = v.organizersTotal;
  const src = v.source as Record<string, unknown> | undefined;
  if (src && typeof src === 'object' && isText(src.file)) draft.source = { file: src.file, ...(isText(src.url) ? { url: src.url } : {}) };
  if (typeof v.sample === 'boolean') draft.sample = v.sample;
  return draft;
}

// ---- validation and YAML ----

/** The campaign fields of a draft as YAML in the schema's key order (what the checker reads). */
function campaignYamlBody(draft: Draft): string {
  const fields = ordered(draft);
  delete fields.baseUrl;
  return new Document(fields).toString(YAML_OPTIONS);
}

export interface DraftCheck {
  /** The validated, normalised campaign; undefined when there are errors. */
  campaign?: Campaign;
  /** The checker's errors, each with the field path (`slogans[2]`) and the Chinese problem. */
  errors: readonly DataError[];
  /** baseUrl's problem, in data/site.yaml's words; undefined when it is fine or empty. */
  baseUrlError?: string;
}

/** Validates a draft with the same parser, schema and messages as `qmkit check`. */
export function checkDraft(draft: Draft): DraftCheck {
  const { campaign, errors } = parseCampaignText(campaignYamlBody(draft), DRAFT_DISPLAY);
  let baseUrlError: string | undefined;
  if (draft.baseUrl.trim() !== '') {
    const r = siteSchema.shape.baseUrl.safeParse(draft.baseUrl.trim());
    if (!r.success) baseUrlError = r.error.issues[0]?.message ?? '网址无效';
  }
  return { ...(campaign ? { campaign } : {}), errors, ...(baseUrlError ? { baseUrlError } : {}) };
}

/**
 * The campaign YAML to hand to whoever runs the CLI: the validated campaign (so `qmkit check` accepts it) with a
 * header saying where it came from and how to build the same images.
 */
export function campaignYaml(campaign: Campaign, baseUrl: string): string {
  const fields: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (campaign[key] !== undefined) fields[key] = campaign[key];
  const doc = new Document(fields);
  const header = [
    ` 由质量月海报工具（微网站 /maker/ 页面）生成。存为 data/campaigns/${campaign.edition}/${campaign.year}.yaml，`,
    ` 然后运行 npx qmkit check 校验、npx qmkit build 生成。`,
    baseUrl
      ? ` 二维码网址：${baseUrl}（写入 data/site.yaml 的 baseUrl，或运行 npx qmkit build --base-url ${baseUrl}，图片与工具中生成的逐字节相同）`
      : ' 没有填写二维码网址：分享卡标注“预览”。发布前请在 data/site.yaml 设置 baseUrl。',
  ];
  doc.commentBefore = header.join('\n');
  return doc.toString(YAML_OPTIONS);
}

/** The YAML file's name when downloaded: `2022.yaml` (it goes into data/campaigns/<edition>/). */
export const yamlFileName = (c: Pick<Campaign, 'edition' | 'year'>) => `${c.edition}-${c.year}.yaml`;
