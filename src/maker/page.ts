import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { parseCampaignText } from '../campaign/load.ts';
import type { Campaign } from '../campaign/model.ts';
import { importNotice } from '../notice/import-notice.ts';
import { parseSlogans } from '../notice/slogans.ts';
import { PACK_README, packReadme, zipLevel } from '../pack-readme.ts';
import { planJobs } from '../render/plan.ts';
import { AUDIENCES, AUDIENCE_LABELS, PROFILES, type Audience, type Profile } from '../render/profiles.ts';
import { packEntryName, packPath, publicBase } from '../urls.ts';
import { blankDraft, campaignYaml, checkDraft, decodeDraft, draftFromCampaign, encodeDraft, yamlFileName, type Draft, type DraftCheck } from './draft.ts';
import { EngineClient, type EngineFile, type EngineResult } from './engine-client.ts';

// The /maker/ page: the form ↔ draft, the checker's messages beside each field, previews from the engine worker,
// downloads named as the CLI names them, ZIPs like the CLI's packs, drafts in links and in localStorage.
// Nothing typed leaves the browser: the only requests are for the site's own files.

const STORAGE_KEY = 'qmkit-maker-draft';
const DEBOUNCE_MS = 150;
/** How long a first visit waits for the service worker to take over before it gives up keeping the fonts offline. */
const SW_WAIT_MS = 4000;

interface Shipped {
  readonly site: { readonly baseUrl?: string };
  readonly campaigns: readonly Campaign[];
}

const root = document.getElementById('maker')!;
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('maker-form');
const FIELDS = ['editionName', 'edition', 'year', 'title', 'issuer', 'theme', 'slogans', 'baseUrl'] as const;
type FieldName = (typeof FIELDS)[number];
const input = (name: FieldName) => $<HTMLInputElement | HTMLTextAreaElement>(`f-${name}`);
const sampleBox = $<HTMLInputElement>('f-sample');

let shipped: Shipped = { site: {}, campaigns: [] };
let draft: Draft = blankDraft(new Date().getFullYear());
let checked: DraftCheck = { errors: [] };
let engine: EngineClient | undefined;
let engineUrls: ConstructorParameters<typeof EngineClient>[0] | undefined;
/** Print posters (A4/A3 at 300 dpi) render in a worker of their own, ended when the run is over: a print's pixmap is
 * ~70 MB of WebAssembly memory, which a worker keeps for good once grown. */
let printEngine: EngineClient | undefined;

async function printWorker(): Promise<EngineClient> {
  if (!printEngine) {
    printEngine = new EngineClient(engineUrls!);
    await printEngine.ready;
  }
  return printEngine;
}

/**
 * Renders a main worker makes before a fresh one takes its place. A worker's heap and WebAssembly memory only grow
 * while it lives (V8 gives back a worker's garbage only after ~20 s idle), so after this many renders — about four
 * previews of one slogan on every screen — the worker is ended once no run uses it, and a new one starts at once:
 * the page's memory stays under 512 MB however long it is used (issue 12). The next request waits for its start-up.
 */
const RENDERS_PER_WORKER = 64;
/** Runs (previews, ZIPs) under way: the workers are ended or replaced only when none is. */
let runs = 0;

/** Renders with the main worker, or for a print poster with the print worker. */
async function renderOn(profile: Profile, request: Parameters<EngineClient['render']>[0], thumbs: boolean): Promise<EngineResult> {
  const client = profile.layout === 'print' ? await printWorker() : engine!;
  return client.render(request, thumbs);
}

/**
 * Marks a run (a preview or a ZIP). When the last run is over, the print worker is ended, and a main worker that has
 * made RENDERS_PER_WORKER renders is replaced by a fresh one.
 */
function startRun(): () => void {
  runs++;
  return () => {
    if (--runs > 0) return;
    if (printEngine) {
      for (const url of printEngine.fontUrls) fetchedFonts.add(url);
      printEngine.close();
      printEngine = undefined;
    }
    if (engine && !engine.busy && engine.renders >= RENDERS_PER_WORKER) {
      for (const url of engine.fontUrls) fetchedFonts.add(url);
      engine.close();
      engine = new EngineClient(engineUrls!);
      // A failed start shows up as the next request's error, as for the first worker.
      engine.ready.catch(() => {});
    }
  };
}
/** Bumped by every new preview run; a run stops as soon as it is not the latest. */
let generation = 0;
/** Object URLs of the previews on screen, revoked when they are replaced. */
let liveUrls: string[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

function status(id: string, text: string, bad = false): void {
  const el = $(id);
  el.textContent = text;
  el.classList.toggle('bad', bad);
}

// ---- form ↔ draft ----

function sloganLines(text: string): string[] {
  return text.split(/\r\n?|\n/).filter((l) => l.trim() !== '');
}

function readForm(): Draft {
  const yearText = input('year').value.trim();
  const year = /^\d+$/.test(yearText) ? Number(yearText) : (yearText as unknown as number);
  return {
    ...draft,
    year,
    edition: input('edition').value,
    editionName: input('editionName').value,
    title: input('title').value,
    issuer: input('issuer').value,
    theme: input('theme').value,
    slogans: sloganLines(input('slogans').value),
    baseUrl: input('baseUrl').value.trim(),
    sample: sampleBox.checked,
  };
}

/** Shows a draft in the form; `persist` false keeps it out of localStorage until the next edit (清除草稿). */
function writeForm(d: Draft, persist = true): void {
  draft = d;
  input('year').value = String(d.year ?? '');
  input('edition').value = d.edition;
  input('editionName').value = d.editionName;
  input('title').value = d.title;
  input('issuer').value = d.issuer;
  input('theme').value = d.theme;
  input('slogans').value = d.slogans.join('\n');
  input('baseUrl').value = d.baseUrl;
  sampleBox.checked = d.sample;
  const base = $<HTMLSelectElement>('base');
  const key = `${d.edition}/${d.year}`;
  base.value = Array.from(base.options).some((o) => o.value === key) ? key : '';
  changed(true, persist);
}

// ---- validation, shown beside each field ----

function showErrors(check: DraftCheck): void {
  const byField = new Map<FieldName, string[]>();
  const other: string[] = [];
  const sloganIdx = new Map<number, string>();
  for (const e of check.errors) {
    const m = /^slogans\[(\d+)\]/.exec(e.field);
    if (m) {
      const i = Number(m[1]);
      sloganIdx.set(i, `第 ${i + 1} 条「${draft.slogans[i] ?? ''}」：${e.problem}`);
      continue;
    }
    const top = e.field.split(/[.[]/)[0] as FieldName;
    if ((FIELDS as readonly string[]).includes(top)) byField.set(top, [...(byField.get(top) ?? []), e.problem]);
    else other.push(`${e.field || '草稿'}：${e.problem}`);
  }
  if (check.baseUrlError) byField.set('baseUrl', [check.baseUrlError]);
  if (sloganIdx.size) byField.set('slogans', [...sloganIdx.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t));
  for (const name of FIELDS) {
    const messages = byField.get(name) ?? [];
    const box = $(`e-${name}`);
    box.replaceChildren(...messages.map((t) => Object.assign(document.createElement('p'), { textContent: t })));
    if (messages.length) input(name).setAttribute('aria-invalid', 'true');
    else input(name).removeAttribute('aria-invalid');
  }
  const summary = $('error-summary');
  const total = check.errors.length + (check.baseUrlError ? 1 : 0);
  summary.hidden = total === 0;
  summary.textContent = total ? `有 ${total} 处需要修改${other.length ? `：${other.join('；')}` : '，见各栏下方的红字'}` : '';
}

// ---- the subject picker ----

function fillSubjects(campaign: Campaign | undefined): void {
  const select = $<HTMLSelectElement>('subject');
  const before = select.value;
  const slogans = campaign?.slogans ?? draft.slogans;
  const options = [new Option('活动主题', '0'), ...slogans.map((s, i) => new Option(`口号 ${i + 1}：${s}`, String(i + 1)))];
  select.replaceChildren(...options);
  select.value = options.some((o) => o.value === before) ? before : slogans.length ? '1' : '0';
}

// ---- changes: validate now, save and preview after a pause ----

function changed(immediate = false, persist = true): void {
  draft = readForm();
  checked = checkDraft(draft);
  showErrors(checked);
  fillSubjects(checked.campaign);
  clearTimeout(timer);
  timer = setTimeout(
    () => {
      if (persist) save();
      void preview();
    },
    immediate ? 0 : DEBOUNCE_MS,
  );
}

function save(): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Storage full or disabled (private mode): the draft still lives in the page and its link.
  }
}

// ---- previews ----

const subjectText = (c: Campaign, n: number) => (n === 0 ? c.theme : c.slogans[n - 1]!);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function blobUrl(bytes: Uint8Array, type: string, keep: string[]): string {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  keep.push(url);
  return url;
}

function verdict(result: EngineResult): HTMLElement {
  if (!result.ok) return el('div', { className: 'verdict bad' }, el('strong', { textContent: '无法生成' }), result.error);
  const failed = result.files.flatMap((f) => f.audit.rules.filter((r) => !r.ok).map((r) => `${packEntryName(f.path)}：${r.detail}`));
  if (failed.length) return el('div', { className: 'verdict bad' }, el('strong', { textContent: '检查未通过，请修改' }), ...failed.map((t) => el('p', { textContent: t })));
  const a = result.files[0]!.audit;
  return el('p', { className: 'verdict ok', textContent: `检查通过：最小字高 ${a.minCharPx} 像素（要求 ≥ ${a.requiredPx}）${a.minContrast !== null ? `，对比度 ${a.minContrast}:1` : ''}` });
}

/**
 * The preview of a file: its picture drawn into a canvas (role img, the alt text as its label). Not an <img> of a
 * blob: URL: Chromium keeps an <img>'s decoded pixels after the element and its URL are gone, ~5 MB a slogan, so
 * the page grew past 512 MB in 50 slogans (issue 12); an ImageBitmap is closed as soon as it is drawn.
 */
async function fileView(f: EngineFile, profile: Profile, text: string, keep: string[]): Promise<HTMLElement> {
  const name = packEntryName(f.path);
  const png = blobUrl(f.png, 'image/png', keep);
  const bitmap = await createImageBitmap(new Blob([(f.thumb ?? f.png) as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
  const picture = el('canvas', { width: bitmap.width, height: bitmap.height });
  picture.getContext('2d')!.drawImage(bitmap, 0, 0);
  bitmap.close();
  picture.setAttribute('role', 'img');
  picture.setAttribute('aria-label', `${profile.label}：${text}（${name}）`);
  if (profile.layout === 'led') picture.className = 'px';
  const links: (Node | string)[] = [el('a', { href: png, download: name, textContent: `下载 ${name}` })];
  if (f.bmp && f.bmpPath) {
    const bmpName = packEntryName(f.bmpPath);
    links.push(' · ', el('a', { href: blobUrl(f.bmp, 'image/bmp', keep), download: bmpName, textContent: `BMP 格式（${bmpName}）` }));
  }
  return el('div', { className: 'file' }, picture, el('p', { className: 'size' }, ...links));
}

function audienceSection(audience: Audience): HTMLElement {
  const label = AUDIENCE_LABELS[audience];
  const button = el('button', { type: 'button', textContent: `下载全部${label}海报（ZIP）` });
  button.dataset.zip = audience;
  const bar = el('progress', { max: 1, value: 0 });
  bar.setAttribute('aria-label', `${label} ZIP 进度`);
  const note = el('span', { textContent: '' });
  note.setAttribute('role', 'status');
  const progress = el('span', { className: 'zip-progress', hidden: true }, bar, note);
  progress.dataset.progress = audience;
  button.addEventListener('click', () => void downloadZip(audience, button, progress, bar, note));
  return el(
    'section',
    { className: 'audience preview' },
    el('div', { className: 'audience-head' }, el('h3', { id: `a-${audience}`, textContent: label }), button, progress),
    el('ul', { className: 'grid cards' }),
  );
}

function buildGroups(): void {
  const groups = $('groups');
  groups.replaceChildren(...AUDIENCES.map((a) => audienceSection(a)));
  groups.querySelectorAll('section').forEach((s, i) => s.setAttribute('aria-labelledby', `a-${AUDIENCES[i]}`));
}

function card(profile: Profile): HTMLLIElement {
  const id = `p-${profile.id}`;
  let li = document.getElementById(id) as HTMLLIElement | null;
  if (!li) {
    li = el('li', { id, className: 'card pending' }, el('h4', { textContent: profile.label }), el('p', { className: 'size', textContent: `${profile.width}×${profile.height} 像素${profile.bleedMm ? `，含 ${profile.bleedMm} mm 出血` : ''}` }), el('div', { className: 'files' }));
    const section = $('groups').querySelectorAll('section')[AUDIENCES.indexOf(profile.audience)]!;
    section.querySelector('ul')!.append(li);
  }
  return li;
}

async function preview(): Promise<void> {
  const release = startRun();
  try {
    await previewRun();
  } finally {
    release();
    void keepForOffline();
  }
}

async function previewRun(): Promise<void> {
  const mine = ++generation;
  const campaign = checked.campaign;
  if (!campaign || checked.baseUrlError) {
    status('preview-status', '请先改正上面标红的内容，预览会自动更新。', true);
    return;
  }
  if (!engine) {
    status('preview-status', '制作工具还在准备，稍候会自动生成预览。');
    return;
  }
  const n = Number($<HTMLSelectElement>('subject').value) || 0;
  const text = subjectText(campaign, n);
  const baseUrl = draft.baseUrl || undefined;
  const previewMark = publicBase({ title: '', pathPrefix: '/', defaultEdition: 'national', ...(baseUrl ? { baseUrl } : {}) }).preview;
  const marks = [campaign.sample ? '每张图都标注“示例”' : '', previewMark ? '二维码网址不是正式网址，分享卡标注“预览”' : ''].filter(Boolean).join('；');
  status('preview-status', `正在生成「${text}」在 ${PROFILES.length} 种屏幕上的预览……${marks ? `（${marks}）` : ''}`);
  const keep: string[] = [];
  const old = liveUrls;
  // Marks for `npm run bench` (bench/maker.ts): when this run started and when each screen's card was done.
  performance.mark(`qm-preview-start:${mine}`);
  let failed = 0;
  for (const profile of PROFILES) {
    card(profile).classList.add('pending');
  }
  for (const profile of PROFILES) {
    const result = await renderOn(profile, { campaign, baseUrl, n, profile: profile.id }, true).catch((e: Error): EngineResult => ({ ok: false, error: e.message }));
    const files = result.ok ? await Promise.all(result.files.map((f) => fileView(f, profile, text, keep))) : [];
    if (mine !== generation) {
      keep.forEach((u) => URL.revokeObjectURL(u));
      return;
    }
    const li = card(profile);
    li.querySelector('.files')!.replaceChildren(...files);
    li.querySelector('.verdict')?.remove();
    li.append(verdict(result));
    const bad = !result.ok || result.files.some((f) => !f.audit.ok);
    if (bad) failed++;
    li.classList.toggle('bad', bad);
    li.classList.remove('pending');
    performance.mark(`qm-card:${mine}:${li.id}`);
  }
  liveUrls = keep;
  old.forEach((u) => URL.revokeObjectURL(u));
  status(
    'preview-status',
    `「${text}」：${PROFILES.length} 种屏幕${failed ? `，${failed} 种未通过检查（见标红的卡片）` : '全部通过检查'}。${marks ? `${marks}。` : ''}`,
    failed > 0,
  );
  root.dataset.previewed = String(mine);
}

// ---- ZIP per audience, like the CLI's packs ----

/** The ZIP's fixed date, as the CLI's: the notice's date (or 1 January), 12:00 local time. */
function zipDate(c: Campaign): Date {
  const [y, m, d] = (c.signedOn ?? `${c.year}-01-01`).split('-').map(Number);
  return new Date(y!, m! - 1, d!, 12, 0, 0);
}

async function downloadZip(audience: Audience, button: HTMLButtonElement, progress: HTMLElement, bar: HTMLProgressElement, note: HTMLElement): Promise<void> {
  const campaign = checked.campaign;
  if (!campaign || !engine) return;
  const baseUrl = draft.baseUrl || undefined;
  const profiles = PROFILES.filter((p) => p.audience === audience);
  const subjects = [0, ...campaign.slogans.map((_, i) => i + 1)];
  const total = profiles.length * subjects.length;
  button.disabled = true;
  progress.hidden = false;
  bar.max = total;
  bar.value = 0;
  // The ZIP is streamed: each file goes in as soon as it is made, and fflate's output is kept as Blobs (which the
  // browser may hold on disk), so a pack of A3 prints does not pile up in the page's memory.
  const parts: Blob[] = [];
  let zipError: Error | undefined;
  const zip = new Zip((err, data) => {
    if (err) zipError = err;
    else parts.push(new Blob([data as Uint8Array<ArrayBuffer>]));
  });
  const date = zipDate(campaign);
  const add = (name: string, bytes: Uint8Array) => {
    const level = zipLevel(name);
    const entry = level === 0 ? new ZipPassThrough(name) : new ZipDeflate(name, { level });
    entry.mtime = date;
    entry.os = 3;
    entry.attrs = (0o100644 << 16) >>> 0;
    zip.add(entry);
    entry.push(bytes, true);
  };
  let done = 0;
  let files = 0;
  const release = startRun();
  try {
    // The guide comes first, as in the CLI's packs: it lists the files the planner says this pack will hold.
    const site = { title: '', pathPrefix: '/', defaultEdition: campaign.edition, ...(baseUrl ? { baseUrl } : {}) };
    const planned = planJobs(campaign, site, profiles).flatMap((j) => (j.bmpPath ? [j, j] : [j])).map((j) => ({ profile: j.profile.id }));
    add(PACK_README, new TextEncoder().encode(packReadme(campaign, audience, planned)));
    // The CLI's order: profile by profile, the theme then each slogan, a BMP after its PNG.
    for (const profile of profiles) {
      for (const n of subjects) {
        note.textContent = `正在生成第 ${done + 1}/${total} 张`;
        const result = await renderOn(profile, { campaign, baseUrl, n, profile: profile.id }, false);
        if (!result.ok) throw new Error(`有海报无法生成，没有打包：${result.error}`);
        for (const f of result.files) {
          add(packEntryName(f.path), f.png);
          files++;
          if (f.bmp && f.bmpPath) (add(packEntryName(f.bmpPath), f.bmp), files++);
        }
        bar.value = ++done;
        if (zipError) throw zipError;
      }
    }
    zip.end();
    if (zipError) throw zipError;
    const name = packPath(campaign.edition, campaign.year, audience).split('/').pop()!;
    const url = URL.createObjectURL(new Blob(parts, { type: 'application/zip' }));
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    note.textContent = `已生成 ${name}（${files} 个文件和 使用说明.txt）`;
  } catch (e) {
    zip.terminate();
    note.textContent = (e as Error).message.startsWith('有海报') ? (e as Error).message : `打包失败：${(e as Error).message}`;
  } finally {
    release();
    button.disabled = false;
    void keepForOffline();
  }
}

// ---- save and share ----

function shareLink(): string {
  return `${location.href.replace(/#.*$/, '')}#${encodeDraft(draft)}`;
}

async function copyLink(): Promise<void> {
  const link = shareLink();
  const box = $<HTMLInputElement>('share-link');
  box.value = link;
  try {
    await navigator.clipboard.writeText(link);
    status('save-status', '链接已复制。对方打开链接即可看到这份草稿。');
  } catch {
    box.select();
    status('save-status', '无法自动复制：链接已显示在下面的框中并选中，请按 Ctrl+C 复制。');
  }
}

function downloadYaml(): void {
  if (!checked.campaign || checked.baseUrlError) {
    status('save-status', '请先改正上面标红的内容，再下载活动文件。', true);
    return;
  }
  const text = campaignYaml(checked.campaign, draft.baseUrl);
  const url = URL.createObjectURL(new Blob([text], { type: 'text/yaml;charset=utf-8' }));
  const a = el('a', { href: url, download: yamlFileName(checked.campaign) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  status('save-status', `已下载 ${yamlFileName(checked.campaign)}。`);
}

function clearDraft(): void {
  localStorage.removeItem(STORAGE_KEY);
  history.replaceState(null, '', location.pathname + location.search);
  $<HTMLInputElement>('share-link').value = '';
  writeForm(defaultDraft(), false);
  status('save-status', '草稿已从这台电脑上清除，表单恢复为默认底稿。');
}

// ---- sources: a shipped campaign, a notice's text, a campaign file ----

function defaultDraft(): Draft {
  const c = shipped.campaigns.find((x) => x.slogans.length > 0) ?? shipped.campaigns[0];
  return c ? draftFromCampaign(c, shipped.site.baseUrl ?? '') : blankDraft(new Date().getFullYear());
}

function applyBase(): void {
  const key = $<HTMLSelectElement>('base').value;
  const c = shipped.campaigns.find((x) => `${x.edition}/${x.year}` === key);
  writeForm(c ? draftFromCampaign(c, draft.baseUrl) : { ...blankDraft(new Date().getFullYear()), baseUrl: draft.baseUrl });
}

function importPasted(): void {
  const text = $<HTMLTextAreaElement>('notice').value;
  const out = $('notice-result');
  if (text.trim() === '') {
    out.replaceChildren(el('p', { className: 'field-error', textContent: '请先粘贴通知全文。' }));
    return;
  }
  const warnings: string[] = [];
  const current = sloganLines(input('slogans').value);
  const slogans = current.length ? parseSlogans(current.join('\n'), '口号', warnings) : undefined;
  const edition = /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(draft.edition) && draft.edition !== 'national' ? draft.edition : undefined;
  try {
    const result = importNotice(text, { sourceFile: '粘贴的通知.txt', ...(edition ? { edition } : {}), ...(slogans ? { slogans } : {}) });
    const c = result.campaign;
    writeForm({
      ...blankDraft(c.year),
      ...c,
      editionName: c.editionName ?? '',
      title: c.title ?? '',
      issuer: c.issuer ?? '',
      baseUrl: draft.baseUrl,
    });
    const hints = [...warnings, ...result.warnings];
    out.replaceChildren(
      el('p', { textContent: `已读取通知并填入表单${hints.length ? `，有 ${hints.length} 条提示，请逐项核对：` : '。请对照原文逐项核对。'}` }),
      ...(hints.length ? [el('ul', { className: 'notes' }, ...hints.map((h) => el('li', { textContent: h })))] : []),
    );
  } catch (e) {
    out.replaceChildren(el('p', { className: 'field-error', textContent: (e as Error).message }));
  }
}

async function openFile(file: File): Promise<void> {
  const out = $('file-result');
  if (file.size > 1024 * 1024) {
    out.replaceChildren(el('p', { className: 'field-error', textContent: `${file.name}：文件过大（${file.size} 字节），活动文件最大 1 MB` }));
    return;
  }
  const { campaign, errors } = parseCampaignText(await file.text(), file.name);
  if (!campaign) {
    out.replaceChildren(
      el('p', { className: 'field-error', textContent: `${file.name} 有 ${errors.length} 处错误，没有载入：` }),
      el('ul', { className: 'notes' }, ...errors.map((e) => el('li', { textContent: e.message }))),
    );
    return;
  }
  writeForm(draftFromCampaign(campaign, draft.baseUrl));
  out.replaceChildren(el('p', { textContent: `已载入 ${file.name}（${campaign.year}年${campaign.editionName}，${campaign.slogans.length} 条口号）。` }));
}

function wireDrop(): void {
  let depth = 0;
  document.addEventListener('dragenter', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    depth++;
    document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => {
    if (--depth <= 0) document.body.classList.remove('dragging');
  });
  document.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  });
  document.addEventListener('drop', (e) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('dragging');
    void openFile(file);
  });
}

// ---- start ----

/** Registers the maker's service worker; true once it controls the page (on a first visit, after it installs). */
async function offlineReady(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  try {
    await navigator.serviceWorker.register(root.dataset.sw!, { scope: './' });
  } catch {
    return false;
  }
  if (!navigator.serviceWorker.controller) {
    await new Promise<void>((resolve) => {
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true });
      setTimeout(resolve, SW_WAIT_MS);
    });
  }
  return Boolean(navigator.serviceWorker.controller);
}

/** Registered once the engine is up (its first downloads are not slowed by the worker's install). */
let offline: Promise<boolean> | undefined;
/** Font slices the engines fetched (the print worker's too, kept when it ends), and those the service worker keeps. */
const fetchedFonts = new Set<string>();
const keptFonts = new Set<string>();

/**
 * Has the service worker keep every font slice the engines fetched. On a first visit the engine starts before the
 * service worker controls the page (so the first preview does not wait for its install), and its worker's fetches
 * never pass through it: the page fetches those slices again through the service worker, from the browser's cache.
 * The service worker's install keeps the engine's own files. Marks the page `data-offline` once that is done.
 */
async function keepForOffline(): Promise<void> {
  if (!(await offline)) return;
  for (const url of engine?.fontUrls ?? []) fetchedFonts.add(url);
  const urls = [...fetchedFonts].filter((u) => !keptFonts.has(u));
  urls.forEach((u) => keptFonts.add(u));
  await Promise.all(urls.map((u) => fetch(u).catch(() => keptFonts.delete(u))));
  if (root.dataset.offline !== 'true') {
    root.dataset.offline = 'true';
    status('engine-status', '制作工具已就绪，断网后也能使用。');
  }
}

async function start(): Promise<void> {
  buildGroups();
  // The engine loads (its script, WASM and font index) while the page fetches the campaign list and fills the form.
  const d = root.dataset;
  engineUrls = { worker: d.engine!, fonts: d.engineFonts!, yogaWasm: d.yogaWasm!, resvgWasm: d.resvgWasm! };
  const client = new EngineClient(engineUrls);
  const starting = client.ready.then(() => client);
  starting.catch(() => {}); // awaited below, where a failure is reported
  try {
    const res = await fetch(root.dataset.campaigns!);
    shipped = (await res.json()) as Shipped;
  } catch {
    // Offline with no cached copy: the form still works from a blank draft.
  }
  const base = $<HTMLSelectElement>('base');
  for (const c of shipped.campaigns) base.append(new Option(`${c.year}年${c.editionName}（${c.slogans.length ? `${c.slogans.length} 条口号` : '没有口号'}）${c.sample ? '【示例】' : ''}`, `${c.edition}/${c.year}`));

  let initial: Draft | undefined;
  try {
    initial = decodeDraft(location.hash);
    if (initial) status('save-status', '已打开链接中的草稿。');
  } catch (e) {
    status('save-status', (e as Error).message, true);
  }
  if (!initial) {
    try {
      const saved = localStorage.getItem(STORAGE_KEY);
      if (saved) initial = decodeDraft(encodeDraft(JSON.parse(saved) as Draft));
      if (initial) status('save-status', '已恢复上次保存在这台电脑上的草稿。');
    } catch {
      initial = undefined;
    }
  }
  writeForm(initial ?? defaultDraft());
  // The first preview's fonts load while the engine starts (its texts: the subject and the cards' small print).
  const first = checked.campaign;
  if (first) client.prefetch([first.editionName, first.issuer, first.title, subjectText(first, Number($<HTMLSelectElement>('subject').value) || 0)].filter((t): t is string => typeof t === 'string'));

  form.addEventListener('input', (e) => {
    const t = e.target as HTMLElement;
    if (t.id === 'notice' || t.id === 'share-link' || t.id === 'yaml-file' || t.id === 'base') return;
    changed();
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  $<HTMLSelectElement>('subject').addEventListener('change', () => void preview());
  $('base-apply').addEventListener('click', applyBase);
  $('notice-import').addEventListener('click', importPasted);
  $('copy-link').addEventListener('click', () => void copyLink());
  $('download-yaml').addEventListener('click', downloadYaml);
  $('clear-draft').addEventListener('click', clearDraft);
  $<HTMLInputElement>('yaml-file').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void openFile(file);
  });
  window.addEventListener('hashchange', () => {
    try {
      const d = decodeDraft(location.hash);
      if (d) {
        writeForm(d);
        status('save-status', '已打开链接中的草稿。');
      }
    } catch (err) {
      status('save-status', (err as Error).message, true);
    }
  });
  wireDrop();

  try {
    engine = await starting;
    status('engine-status', '制作工具已就绪。');
    root.dataset.ready = 'true';
    offline = offlineReady();
    void preview();
  } catch (e) {
    status('engine-status', `制作工具无法启动：${(e as Error).message}。表单、草稿链接和活动文件仍可使用。`, true);
  }
}

void start();
