import { readFileSync } from 'node:fs';

/** A font with Chinese glyphs, as the PDF and the chart renderer each need to know it. */
export interface DocumentFont {
  /** A TrueType font or collection (Debian's fonts-wqy-microhei: wqy-microhei.ttc). */
  file: string;
  /** The PostScript name of the face inside a collection (ignored for a single .ttf). */
  postscriptName: string;
  /** The family name the chart renderer knows it by. */
  family: string;
}

/** The family name of WenQuanYi Micro Hei, the font every document uses by default. */
export const WQY_MICROHEI_FAMILY = 'WenQuanYi Micro Hei';

/** The font files read once: a CJK collection is megabytes. */
const fontFiles = new Map<string, Buffer>();

export function fontBytes(path: string): Buffer {
  let bytes = fontFiles.get(path);
  if (!bytes) fontFiles.set(path, (bytes = readFileSync(path)));
  return bytes;
}
