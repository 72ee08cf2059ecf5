/**
 * Display width in terminal columns. Emoji shown as emoji (default emoji presentation, or any pictograph
 * followed by VS16) and East Asian wide/fullwidth characters take two columns; combining marks, variation
 * selectors and joiners take none; everything else one. ⚠ (U+26A0) without VS16 is text presentation: one
 * column, as terminals draw it; ⚠️ (with VS16) is two.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const g of graphemes(s)) w += graphemeWidth(g);
  return w;
}

const segmenter = new Intl.Segmenter('da', { granularity: 'grapheme' });

function graphemes(s: string): string[] {
  return [...segmenter.segment(s)].map((x) => x.segment);
}

const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

function graphemeWidth(g: string): number {
  if (/^\p{Cc}$/u.test(g)) return 0;
  if (/^(?:\p{Mn}|\p{Me}|\p{Cf}|\p{Variation_Selector})+$/u.test(g)) return 0;
  if (/\p{Emoji_Presentation}/u.test(g) || /\p{Extended_Pictographic}\uFE0F/u.test(g)) return 2;
  if (WIDE.test(g) || /[\u{20000}-\u{3FFFD}]/u.test(g)) return 2;
  return 1;
}

/** Cuts to at most `w` columns, ending in '…' when cut; pads with spaces to exactly `w`. */
export function fitWidth(s: string, w: number): string {
  if (displayWidth(s) <= w) return s + ' '.repeat(w - displayWidth(s));
  let out = '';
  let used = 0;
  for (const g of graphemes(s)) {
    const gw = graphemeWidth(g);
    if (used + gw > w - 1) break;
    out += g;
    used += gw;
  }
  return out + '…' + ' '.repeat(Math.max(0, w - used - 1));
}
