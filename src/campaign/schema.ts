import { z } from 'zod';
import { received } from './messages.ts';
import { findForbiddenChar, normaliseText, shown } from './text.ts';

// Maximum lengths, in characters. The reason is part of the message a user sees.
export const LIMITS = {
  slogan: { max: 40, why: '真实口号最长 24 字；超过 40 字在任何屏幕上都无法作为一条口号阅读' },
  theme: { max: 40, why: '主题是海报的主标题，历年主题均不超过 20 字' },
  short: { max: 60, why: '名称类字段应为一行' },
  title: { max: 200, why: '通知标题应为一行' },
  detail: { max: 5000, why: '单条内容过长，请分成多条' },
  list: { max: 200, why: '列表过长，请检查是否误粘贴了整篇文件' },
} as const;

type LimitName = keyof typeof LIMITS;

/** A text field: normalised, never empty, free of invisible characters, at most the limit's length. */
export function text(limit: LimitName) {
  const { max, why } = LIMITS[limit];
  return z
    .string()
    .transform((value, ctx) => {
      const bad = findForbiddenChar(value.replace(/[\t\r\n]/g, ' '));
      if (bad) {
        ctx.addIssue({ code: 'custom', message: bad });
        return z.NEVER;
      }
      const clean = normaliseText(value);
      if (clean === '') {
        ctx.addIssue({ code: 'custom', message: `不能为空，请填写内容（收到${value === '' ? '空文字' : '只有空白的文字'}）` });
        return z.NEVER;
      }
      const length = [...clean].length;
      if (length > max) {
        ctx.addIssue({ code: 'custom', message: `过长（${length} 字），最多 ${max} 字：${why}` });
        return z.NEVER;
      }
      return clean;
    });
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_HINT = '只能包含小写字母、数字和连字符（如 national、tianjin、beijing-haidian）';
/** The longest edition slug (it is a folder name and part of every URL). */
export const SLUG_MAX = 40;

// One check, not .regex().max(): zod runs .max() on a list given instead of a string, with an English message.
const slug = z.string().superRefine((value, ctx) => {
  if (!SLUG.test(value)) ctx.addIssue({ code: 'custom', message: `版本标识${SLUG_HINT}，收到${received(value)}` });
  else if (value.length > SLUG_MAX) ctx.addIssue({ code: 'custom', message: `版本标识过长（${value.length} 个字符），最多 ${SLUG_MAX} 个字符` });
});

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isoDate = z.string().superRefine((value, ctx) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `日期格式不对：应为 YYYY-MM-DD（如 2024-07-26），收到 "${shown(value)}"` });
    return;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1];
  if (days === undefined) {
    ctx.addIssue({ code: 'custom', message: `日期不存在：月份应为 01–12，收到 "${value}"` });
  } else if (day < 1 || day > days) {
    ctx.addIssue({ code: 'custom', message: `日期不存在：${year} 年 ${month} 月只有 ${days} 天，收到 "${value}"` });
  }
});

const list = <T extends z.ZodType>(item: T) =>
  z.array(item).max(LIMITS.list.max, { message: `列表过长，最多 ${LIMITS.list.max} 项：${LIMITS.list.why}` });

const section = z.strictObject({
  title: text('title'),
  detail: text('detail').optional(),
});

const absoluteUrl = z.string().superRefine((value, ctx) => {
  // A URL parser accepts (and silently encodes or drops) zero-width and bidi characters: reject them like text.
  const bad = findForbiddenChar(value);
  if (bad) {
    ctx.addIssue({ code: 'custom', message: bad });
    return;
  }
  if (!(/^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i.test(value) && URL.canParse(value))) {
    ctx.addIssue({ code: 'custom', message: `应为以 http:// 或 https:// 开头的完整网址，收到 "${shown(value, 60)}"` });
  }
});

export const campaignSchema = z
  .strictObject({
    year: z.number().int().min(1978).max(2100),
    edition: slug,
    editionName: text('short'),
    title: text('title'),
    docNumber: text('short').optional(),
    signedOn: isoDate.optional(),
    issuer: text('title'),
    theme: text('theme'),
    slogans: list(text('slogan')),
    focusAreas: list(section).default([]),
    keyEvents: list(section).default([]),
    requirements: list(section).default([]),
    closing: text('detail').optional(),
    organizers: list(text('short')).default([]),
    organizersTotal: z.number().int().min(1).max(1000).optional(),
    source: z.strictObject({ file: text('title'), url: absoluteUrl.optional() }),
    sample: z.boolean().default(false),
    province: text('short').optional(),
  })
  .superRefine((c, ctx) => {
    const seen = new Map<string, number>();
    c.slogans.forEach((s, i) => {
      const first = seen.get(s);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['slogans', i], message: `口号重复：与 slogans[${first}]「${s}」相同，请删除其中一条` });
      } else seen.set(s, i);
    });
    if (c.organizersTotal !== undefined && c.organizersTotal < c.organizers.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['organizersTotal'],
        message: `部门总数 ${c.organizersTotal} 小于列出的部门数 ${c.organizers.length}，请按通知原文填写`,
      });
    }
  });

export const siteSchema = z.strictObject({
  title: text('title'),
  baseUrl: absoluteUrl
    .refine((v) => v.endsWith('/'), { message: '应以 / 结尾（如 https://example.gov.cn/zlgy/）' })
    .refine((v) => /^[\x21-\x7e]+$/.test(v), { message: '只能包含 ASCII 字符：二维码中的网址须为 ASCII，请对中文路径进行百分号编码' })
    .optional(),
  pathPrefix: z
    .string()
    .regex(/^\/(?:[A-Za-z0-9._~-]+\/)*$/, { message: '应以 / 开头并以 / 结尾，只含字母、数字、点、下划线和连字符（如 / 或 /zlgy/）' })
    .default('/'),
  defaultEdition: slug.default('national'),
});

export type CampaignInput = z.input<typeof campaignSchema>;
