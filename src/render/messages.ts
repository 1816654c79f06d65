import { RenderError } from '../errors.ts';
import { codePointLabel } from '../campaign/text.ts';
import type { Profile } from './profiles.ts';

// Every message a person reads from the render stage, in one place, so the wording stays consistent and testable.

/** 主题 for the theme, 口号 for a slogan. */
export type TextRole = '主题' | '口号' | '发布单位' | '活动名称' | '网址';

export function missingGlyphError(role: TextRole, text: string, cp: number): RenderError {
  return new RenderError(`${role}「${text}」含字体不支持的字符 ${String.fromCodePoint(cp)} (${codePointLabel(cp)})`);
}

/** The too-long failure: the text, the profile, and what the text would need at the profile's smallest legible size. */
export function tooLongError(role: TextRole, text: string, profile: Profile, need: string): RenderError {
  return new RenderError(
    `${role}过长：在 ${profile.id}（${profile.width}×${profile.height}）上最少需要 ${profile.minCharPx} px 字高，「${text}」${need}；请缩短文字，或在两半之间加空格以便分行`,
  );
}
