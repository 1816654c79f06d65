import { describe, expect, it } from 'vitest';
import { contrastRatio, relativeLuminance, requiredContrast } from '../../src/render/contrast.ts';
import { findProfile, PROFILES } from '../../src/render/profiles.ts';
import { PALETTE } from '../../src/render/style.ts';

describe('WCAG 2.x contrast', () => {
  it.each([
    // References from the WCAG definition and common checkers.
    ['#FFFFFF', '#000000', 21],
    ['#777777', '#FFFFFF', 4.4781],
    ['#FF0000', '#000000', 5.252],
    // The palette.
    [PALETTE.white, PALETTE.blue, 12.8586],
    [PALETTE.gold, PALETTE.blue, 7.6788],
    [PALETTE.blue, PALETTE.gold, 7.6788],
    [PALETTE.ink, PALETTE.paper, 12.8586],
    [PALETTE.red, PALETTE.paper, 4.9908],
    [PALETTE.white, PALETTE.red, 4.9908],
    [PALETTE.red, PALETTE.blue, 2.5764],
    [PALETTE.ledYellow, PALETTE.ledBlack, 19.556],
    [PALETTE.ledGreen, PALETTE.ledBlack, 15.304],
    [PALETTE.ledRed, PALETTE.ledBlack, 5.252],
  ])('%s on %s is %f:1', (fg, bg, ratio) => {
    expect(contrastRatio(fg, bg)).toBeCloseTo(ratio, 3);
    expect(contrastRatio(bg, fg)).toBeCloseTo(ratio, 3);
  });

  it('uses the sRGB linearisation with the 0.04045 knee', () => {
    expect(relativeLuminance('#0A0A0A')).toBeCloseTo(10 / 255 / 12.92, 6);
    expect(relativeLuminance('#808080')).toBeCloseTo(((128 / 255 + 0.055) / 1.055) ** 2.4, 6);
  });

  it.each([
    ['school-screen', 7],
    ['transit-bar', 7],
    ['community-elevator', 7],
    ['share-og', 4.5],
    ['print-a4', 4.5],
    ['community-board-a3-bleed', 4.5],
    ['transit-bus-led', 4.5],
  ])('%s requires %f:1', (id, ratio) => {
    expect(requiredContrast(findProfile(id)!)).toBe(ratio);
  });

  it('red is never used for text on blue (2.58:1): it is an accent only', () => {
    expect(contrastRatio(PALETTE.red, PALETTE.blue)).toBeLessThan(Math.min(...PROFILES.map(requiredContrast)));
  });
});
