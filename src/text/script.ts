// Chinese script tools: traditional↔simplified conversion (opencc-js) and a document's language.
import { Converter } from "opencc-js";

const toSimplifiedConverter = Converter({ from: "t", to: "cn" });
const toTraditionalConverter = Converter({ from: "cn", to: "t" });

export type Language = "zh-Hans" | "zh-Hant" | "en" | "mixed" | "unknown";

const HAN = /\p{Script=Han}/u;
const HAN_GLOBAL = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** Converts traditional Chinese characters to simplified ones; other text is left alone. */
export function toSimplified(text: string): string {
  return toSimplifiedConverter(text);
}

/** Converts simplified Chinese characters to traditional ones. */
export function toTraditional(text: string): string {
  return toTraditionalConverter(text);
}

/** True when the text holds at least one Han character. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** The Chinese share of a text's content, 0 to 1 (undefined when it has neither Han nor Latin words). */
export function hanShare(text: string): number | undefined {
  const hanWeight = (text.match(HAN_GLOBAL) ?? []).length;
  // One English word carries roughly as much content as two Han characters.
  const latinWeight = (text.match(LATIN_WORD) ?? []).length * 2;
  return hanWeight + latinWeight === 0 ? undefined : hanWeight / (hanWeight + latinWeight);
}

/** Guesses the language of a text: Chinese (which script), English, or a mix of both. */
export function detectLanguage(text: string): Language {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  const share = hanShare(sample);
  if (share === undefined) return "unknown";
  if (share < 0.2) return "en";
  if (share < 0.8) return "mixed";
  const han = (sample.match(HAN_GLOBAL) ?? []).join("");
  const simplified = toSimplified(han);
  let changed = 0;
  for (let i = 0; i < han.length; i++) if (han[i] !== simplified[i]) changed++;
  // Traditional text changes many characters under t→s; simplified text barely any.
  return changed / han.length > 0.03 ? "zh-Hant" : "zh-Hans";
}

const LANGUAGE_NAMES: Record<string, string> = {
  "zh-Hans": "Chinese (simplified)",
  "zh-Hant": "Chinese (traditional)",
  en: "English",
  mixed: "Chinese and English",
};

/** A reader-facing name for a document language code ("zh-Hant" → "Chinese (traditional)"). */
export function languageName(language: string): string {
  return LANGUAGE_NAMES[language] ?? language;
}

/** True when a reader of the question's language needs the source's language labelled. */
export function isOtherLanguage(questionLanguage: string, sourceLanguage: string): boolean {
  const chinese = (l: string): boolean => l === "zh-Hans" || l === "zh-Hant";
  if (questionLanguage === "unknown" || sourceLanguage === "unknown" || sourceLanguage === "mixed") return false;
  return chinese(questionLanguage) !== chinese(sourceLanguage);
}
