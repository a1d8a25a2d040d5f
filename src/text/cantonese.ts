// Spoken Cantonese in questions: Hong Kong users ask 幾多錢 and 有冇, documents write 多少錢 and
// 有沒有. The question is read in standard written Chinese (the lexicon's CANTONESE_FORMS table)
// before it is analysed, in the question's own script; OpenCC converts scripts, not dialect
// words, so this small table is ours.
import { CANTONESE_FORMS } from "./lexicon.js";
import { detectLanguage, toSimplified, toTraditional } from "./script.js";

const FORMS = new RegExp(CANTONESE_FORMS.map(([spoken]) => spoken).join("|"), "gu");
const ANY_FORM = new RegExp(FORMS.source, "u");
const WRITTEN = new Map(CANTONESE_FORMS);

/** A question in standard written Chinese: Cantonese words replaced, in the question's script; the rest as typed. */
export function fromCantonese(text: string): string {
  // The table is simplified; script conversion keeps positions (one character for one).
  const simplified = toSimplified(text);
  if (simplified.length !== text.length || !ANY_FORM.test(simplified)) return text;
  const traditional = detectLanguage(text) === "zh-Hant";
  let out = "";
  let last = 0;
  for (const match of simplified.matchAll(FORMS)) {
    const written = WRITTEN.get(match[0]) ?? match[0];
    out += text.slice(last, match.index) + (traditional ? toTraditional(written) : written);
    last = (match.index ?? 0) + match[0].length;
  }
  return out + text.slice(last);
}
