// The visual identity in one place: palette, type and the rules every layout shares (see docs/design-brief.md).

/** Colours as #RRGGBB. */
export const PALETTE = Object.freeze({
  blue: '#0B2F6B',
  white: '#FFFFFF',
  red: '#D7262F',
  gold: '#F3C14B',
  /** Light variant (print and share cards that sit on white pages): text in the same deep blue. */
  paper: '#FFFFFF',
  ink: '#0B2F6B',
  /** LED dot colours: exactly what a red/green/yellow strip card can show. */
  ledBlack: '#000000',
  ledRed: '#FF0000',
  ledGreen: '#00FF00',
  ledYellow: '#FFFF00',
});

/** Font weights we load: Black for the hero, Bold for emphasis, Medium for labels and footers. */
export type Weight = 500 | 700 | 900;
export const HERO_WEIGHT: Weight = 900;
export const LABEL_WEIGHT: Weight = 500;
/** LED text: Medium up to 24-dot characters (Bold strokes merge on a 16×16 grid), Bold above. */
export const ledWeight = (cell: number): Weight => (cell <= 24 ? 500 : 700);

/** Hero letter-spacing in em (the brief asks for ≈ 0.02–0.05 em). */
export const HERO_TRACKING = 0.03;
/** Line height of the hero, as a multiple of its size. */
export const HERO_LINE_HEIGHT = 1.2;
/** Line height of small text (labels, footers, URLs). */
export const SMALL_LINE_HEIGHT = 1.3;

/**
 * An upper bound of a text's width in em, with no font at hand: in Noto Sans SC every CJK character and full-width
 * punctuation mark is exactly 1 em and every other glyph (Latin, digits, space) is narrower. The planner uses it
 * for decisions that must not depend on font bytes; the renderer then measures exactly and only ever finds less.
 */
export function emBound(text: string, tracking = 0): number {
  return [...text].length * (1 + tracking);
}

/** The dot colour of LED text: red on single-colour panels, yellow (the brightest) on red/green/yellow panels. */
export const ledTextColour = (job: { readonly profile: { readonly colourMode?: string } }): string => (job.profile.colourMode === 'led-tricolour' ? PALETTE.ledYellow : PALETTE.ledRed);
