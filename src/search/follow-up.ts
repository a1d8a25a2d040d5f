// Follow-up questions: "And how many are planned for 2019?", "去年呢？", "What about Zhejiang?" —
// a question that cannot stand alone is completed from the previous one by replacing what it
// names (a year, a time frame, a place, a figure, the subject, the verb that says whether it
// was done or is planned) and keeping the rest. No language model: a small parser finds those
// parts (QuestionParts) in both questions; analyseQuestion() (src/search/question.ts) can feed
// the same interface later. A complete new question is never merged with an old one. Pure.
import { CHINESE_STOPWORDS, ENGLISH_STOPWORDS } from "../text/lexicon.js";
import { chineseWords } from "../text/segment.js";
import { hasHan, toSimplified, toTraditional } from "../text/script.js";
import { findPlaces, type Place } from "./places.js";

/** What a part of a question stands for. */
export type PartKind = "year" | "period" | "place" | "figure" | "frame" | "subject";

/** A part of a question: its kind and where it is. */
export interface Part {
  kind: PartKind;
  start: number;
  end: number;
  text: string;
  /** Years: a relative year ("last year", 去年). Places: the gazetteer entry, when known. */
  relative?: boolean;
  place?: Place;
  /** English years and periods: the preposition written before it ("in", "for"), part of the span. */
  preposition?: string;
}

/** The parts of a question a follow-up can replace, and what is left of it. */
export interface QuestionParts {
  text: string;
  /** Whether the question is written in Chinese. */
  chinese: boolean;
  years: Part[];
  periods: Part[];
  places: Part[];
  figures: Part[];
  /** English: the verb group ("were built", "are planned"); Chinese: a frame word (目标, 计划). */
  frame?: Part;
  /** The thing asked about ("public kindergartens"), when the parser can tell. */
  subject?: Part;
  /** The question word it opens with ("how many"), English only. */
  questionWord?: string;
  /** Content words outside every part above: what would let the question stand alone. */
  content: string[];
}

/** A follow-up completed from the previous question. */
export interface FollowUp {
  /** The question as understood. */
  question: string;
  /** What the follow-up replaced in the previous question, or added to it. */
  changed: PartKind[];
}

// ---- English -----------------------------------------------------------------------------------

const LEADING_EN = /^\s*(?:(?:and|but|also|so|then|ok(?:ay)?|now|well|what about|how about|(?:the )?same (?:question )?for|same goes for)\b[\s,]*)+/i;
const MARKED_EN = /^\s*(?:and|but|also|what about|how about|(?:the )?same (?:question )?for|same goes for)\b/i;
const TRAILING_EN = /(?:[\s,]+(?:then|too|instead|as well|again|please))+\s*$/i;
const QUESTION_WORDS = [
  "what percentage of",
  "what percent of",
  "what proportion of",
  "what share of",
  "what number of",
  "how many",
  "how much",
  "how long",
  "how often",
  "how big",
  "how large",
  "what",
  "which",
  "when",
  "where",
  "who",
  "whom",
  "whose",
  "why",
  "how",
];
// Question words that may be followed by the noun they ask about ("how many kindergartens").
const NOUN_QUESTION_WORDS = new Set([
  "what percentage of",
  "what percent of",
  "what proportion of",
  "what share of",
  "what number of",
  "how many",
  "how much",
  "what",
  "which",
]);
const BE_HAVE = new Set(["is", "are", "was", "were", "has", "have", "had", "be", "been", "being", "am"]);
const MODALS = new Set(["will", "would", "can", "could", "should", "shall", "might", "must", "do", "does", "did"]);
const PRONOUNS = new Set(["it", "its", "they", "them", "their", "that", "this", "these", "those", "there", "one", "ones", "he", "she"]);
const IRREGULAR_PARTICIPLES = new Set(
  (
    "built spent held made done run grown given taken seen set cut paid bought sold won lost read met begun become kept left brought " +
    "taught found sent put shown known written drawn chosen hit let lent sunk struck won spread laid led fed"
  ).split(" "),
);
const PREPOSITIONS = new Set(["in", "for", "on", "at", "by", "of", "from", "to", "during", "about", "with", "among", "across", "within", "under", "over"]);
const EN_YEAR = /\b(?:(in|for|during|by|of|from|since|before|after|until|over)\s+)?((?:19|20)\d{2}(?:\s*[-–/]\s*\d{2,4})?)(?!\s*(?:%|percent))\b/gi;
const EN_RELATIVE_YEAR = /\b(?:(in|for|during|over|of)\s+)?(?:the\s+)?((?:last|this|next|previous|past|coming|current)\s+year)(?:['’]s)?\b/gi;
const EN_PERIOD =
  /\b(?:(in|during|for|over)\s+)?(?:the\s+)?((?:first|second|third|fourth|last|final)\s+(?:half|quarter)(?:\s+of\s+(?:the\s+)?year)?|(?:per|each|a)\s+(?:year|month|week|day)|annually|monthly|weekly|daily|yearly|january|february|march|april|june|july|august|september|october|november|december|(?<=(?:in|during)\s+)may)\b/gi;
const EN_FIGURE = /(?<![\w.,])\d+(?:[.,]\d+)*(?:\s*(?:%|percent|per cent))?(?![\w])/gi;
const EN_FRAME_NOUN = /\b(?:targets?|goals?|plans?|aims?|results?|outcomes?)\b/gi;

/** A word of a question with its offsets. */
interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

function tokens(text: string): Token[] {
  return [...text.matchAll(/[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*%?/g)].map((m) => ({
    text: m[0],
    lower: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

function isParticiple(word: string): boolean {
  return IRREGULAR_PARTICIPLES.has(word) || (word.length > 4 && /(?:ed|en)$/.test(word));
}

function inside(parts: readonly Part[], start: number, end: number): boolean {
  return parts.some((p) => start >= p.start && end <= p.end);
}

function overlapsAny(parts: readonly Part[], start: number, end: number): boolean {
  return parts.some((p) => start < p.end && end > p.start);
}

function matchParts(text: string, pattern: RegExp, kind: PartKind, taken: readonly Part[], extra: Partial<Part> = {}): Part[] {
  const out: Part[] = [];
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlapsAny(taken, start, end) || overlapsAny(out, start, end)) continue;
    const preposition = m[1]?.toLowerCase();
    out.push({ kind, start, end, text: m[0], ...extra, ...(preposition ? { preposition } : {}) });
  }
  return out;
}

/** Capitalised names inside an English question ("Harbour Road", "Eastside"), not its first word. */
function englishNames(text: string, words: readonly Token[], taken: readonly Part[], firstIsName: boolean): Part[] {
  const out: Part[] = [];
  let run: Token[] = [];
  const flush = (): void => {
    if (run.length > 0) {
      const start = run[0]!.start;
      const end = run[run.length - 1]!.end;
      out.push({ kind: "place", start, end, text: text.slice(start, end) });
    }
    run = [];
  };
  words.forEach((w, i) => {
    const name = /^[A-Z][a-z]/.test(w.text) && (i > 0 || firstIsName) && !inside(taken, w.start, w.end) && !QUESTION_WORDS.includes(w.lower);
    if (name && (run.length === 0 || /^\s+$/.test(text.slice(run[run.length - 1]!.end, w.start)))) run.push(w);
    else {
      flush();
      if (name) run.push(w);
    }
  });
  flush();
  return out;
}

function parseEnglish(text: string, options: { fragment: boolean }): QuestionParts {
  const words = tokens(text);
  const years = [...matchParts(text, EN_RELATIVE_YEAR, "year", [], { relative: true })];
  years.push(...matchParts(text, EN_YEAR, "year", years));
  years.sort((a, b) => a.start - b.start);
  const periods = matchParts(text, EN_PERIOD, "period", years);
  const placesFound: Part[] = findPlaces(text)
    .filter((m) => !overlapsAny([...years, ...periods], m.start, m.end))
    .map((m) => ({ kind: "place", start: m.start, end: m.end, text: text.slice(m.start, m.end), place: m.place }));
  const places = [...placesFound, ...englishNames(text, words, [...years, ...periods, ...placesFound], options.fragment)].sort((a, b) => a.start - b.start);
  const figures = matchParts(text, EN_FIGURE, "figure", [...years, ...periods]);
  const taken = [...years, ...periods, ...places, ...figures];

  // The question word it opens with.
  const lower = text.toLowerCase();
  const opening = words[0];
  let questionWord: string | undefined;
  let afterQuestionWord = 0;
  if (opening) {
    for (const q of QUESTION_WORDS) {
      const rest = lower.slice(opening.start);
      if (rest.startsWith(q) && !/[a-z]/.test(rest[q.length] ?? "")) {
        questionWord = q;
        afterQuestionWord = words.findIndex((w) => w.start >= opening.start + q.length);
        if (afterQuestionWord < 0) afterQuestionWord = words.length;
        break;
      }
    }
  }

  // The verb group: an auxiliary and the verb right after it ("were built", "will be opened").
  let frame: Part | undefined;
  for (let i = 0; i < words.length; i++) {
    const aux = words[i]!.lower;
    if (!BE_HAVE.has(aux) && !MODALS.has(aux)) continue;
    let j = i + 1;
    if (words[j]?.lower === "not") j++;
    if (words[j] && ["be", "been", "being"].includes(words[j]!.lower) && words[j + 1]) j++;
    const verb = words[j];
    if (!verb || inside(taken, verb.start, verb.end)) continue;
    const ok =
      isParticiple(verb.lower) ||
      (MODALS.has(aux) &&
        j === i + 1 &&
        !ENGLISH_STOPWORDS.has(verb.lower) &&
        !PRONOUNS.has(verb.lower) &&
        questionWord !== undefined &&
        i === afterQuestionWord);
    if (!ok) continue;
    frame = { kind: "frame", start: words[i]!.start, end: verb.end, text: text.slice(words[i]!.start, verb.end) };
    break;
  }
  if (!frame) {
    // A bare participle in a fragment ("And planned?") still names the frame.
    const verb = options.fragment ? words.find((w) => isParticiple(w.lower) && !inside(taken, w.start, w.end)) : undefined;
    if (verb) frame = { kind: "frame", start: verb.start, end: verb.end, text: verb.text };
  }

  // The subject: the noun after a question word ("how many public kindergartens were built"),
  // or after the auxiliary ("what was the library's budget in 2023").
  let subject: Part | undefined;
  if (questionWord !== undefined) {
    let from = afterQuestionWord;
    let to = words.length;
    const first = words[from];
    const auxFirst = first !== undefined && (BE_HAVE.has(first.lower) || MODALS.has(first.lower));
    if (NOUN_QUESTION_WORDS.has(questionWord) && first && !auxFirst) {
      const aux = words.findIndex((w, k) => k > from && (BE_HAVE.has(w.lower) || MODALS.has(w.lower)));
      to = aux < 0 ? words.length : aux;
    } else if (auxFirst) {
      from++;
      if (frame && words[from] && frame.start <= words[from]!.start) to = from;
      else if (MODALS.has(first.lower) && ["do", "does", "did"].includes(first.lower)) to = Math.max(from, words.length - 1);
      else if (frame) to = words.findIndex((w) => w.start >= frame!.start);
    }
    // Parts at the end (a year, a period, a place after a preposition) are not the subject;
    // a name without one is ("the Eastside Branch").
    while (to > from) {
      const last = words[to - 1]!;
      const place = places.find((x) => last.start >= x.start && last.end <= x.end);
      const before = place ? words.filter((w) => w.end <= place.start).pop() : undefined;
      if (inside([...years, ...periods, ...figures], last.start, last.end) || PREPOSITIONS.has(last.lower)) to--;
      else if (place && before && PREPOSITIONS.has(before.lower)) to = words.indexOf(before);
      else break;
    }
    while (from < to && (ENGLISH_STOPWORDS.has(words[from]!.lower) || PRONOUNS.has(words[from]!.lower)) && !["the", "a", "an"].includes(words[from]!.lower))
      from++;
    const span = words.slice(from, to);
    if (span.some((w) => isContentWord(w.lower) && !inside([...years, ...periods, ...figures], w.start, w.end))) {
      subject = { kind: "subject", start: span[0]!.start, end: span[span.length - 1]!.end, text: text.slice(span[0]!.start, span[span.length - 1]!.end) };
    }
  }

  const frameNouns = matchParts(text, EN_FRAME_NOUN, "frame", taken);
  const content = words
    .filter((w) => !inside([...taken, ...(frame ? [frame] : []), ...frameNouns], w.start, w.end))
    .filter((w) => isContentWord(w.lower))
    .map((w) => w.lower);
  return {
    text,
    chinese: false,
    years,
    periods,
    places,
    figures,
    ...(frame ? { frame } : frameNouns[0] ? { frame: frameNouns[0] } : {}),
    ...(subject ? { subject } : {}),
    ...(questionWord ? { questionWord } : {}),
    content,
  };
}

function isContentWord(word: string): boolean {
  return !ENGLISH_STOPWORDS.has(word) && !PRONOUNS.has(word) && !QUESTION_WORDS.includes(word) && !/^\d/.test(word) && word.length > 1;
}

// ---- Chinese -----------------------------------------------------------------------------------

const LEADING_ZH = /^\s*(?:那么|那麼|那|还有|還有|另外|同样|同樣|再问一下|再問一下|换成|換成|改成|又|而)\s*/;
const TRAILING_ZH = /\s*(?:的?(?:情况|情況)?(?:呢|怎么样|怎麼樣|如何|又如何)|又是多少|是多少)\s*$/;
const MARKED_ZH = /呢\s*$|^\s*(?:那么|那麼|那|还有|還有|另外|同样|同樣|换成|換成|改成)|(?:怎么样|怎麼樣|如何)\s*$/;
const ZH_YEAR = /((?:19|20)\d{2})\s*年度?|([〇零○一二三四五六七八九]{4})年度?|(?:19|20)\d{2}(?!\d)|去年|今年|明年|前年|后年|上一?年度|本年度|下一?年度/g;
const ZH_RELATIVE = /^(?:去年|今年|明年|前年|后年|上一?年度|本年度|下一?年度)$/;
const ZH_PERIOD = /上半年|下半年|全年|前三季度|第?[一二三四1-4]季度|每[年月周天日]|(?:1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])月份?/g;
const ZH_FIGURE = /\d+(?:\.\d+)?\s*[%％]?/g;
const ZH_FRAME = /目标|计划|规划|任务|打算|安排|完成情况|实际|成效|成绩/g;
// Question words and particles that carry no content.
const ZH_FORM_WORDS = new Set([
  "多少",
  "几",
  "什么",
  "哪些",
  "哪个",
  "怎么",
  "怎样",
  "如何",
  "是",
  "有",
  "吗",
  "呢",
  "的",
  "了",
  "要",
  "将",
  "会",
  "能",
  "共",
  "一共",
  "总共",
  "多",
]);

interface HanWord {
  text: string;
  start: number;
  end: number;
}

/** Jieba words with offsets, over a simplified copy that shares the text's offsets. */
function hanWords(simplified: string): HanWord[] {
  const out: HanWord[] = [];
  let offset = 0;
  for (const word of chineseWords(simplified)) {
    out.push({ text: word, start: offset, end: offset + word.length });
    offset += word.length;
  }
  return out;
}

function isChineseContent(word: string): boolean {
  return /\p{Script=Han}/u.test(word) && Array.from(word).length >= 2 && !CHINESE_STOPWORDS.has(word) && !ZH_FORM_WORDS.has(word);
}

function parseChinese(text: string): QuestionParts {
  // Offsets are shared with the simplified copy only when conversion kept every character's place.
  const converted = toSimplified(text);
  const simplified = converted.length === text.length ? converted : text;
  const years = matchParts(simplified, ZH_YEAR, "year", []).map((p) => ({ ...p, text: text.slice(p.start, p.end), relative: ZH_RELATIVE.test(p.text) }));
  const periods = matchParts(simplified, ZH_PERIOD, "period", years).map((p) => ({ ...p, text: text.slice(p.start, p.end) }));
  const placesFound: Part[] = findPlaces(text, simplified)
    .filter((m) => !overlapsAny([...years, ...periods], m.start, m.end))
    .map((m) => ({ kind: "place", start: m.start, end: m.end, text: text.slice(m.start, m.end), place: m.place }));
  const figures = matchParts(simplified, ZH_FIGURE, "figure", [...years, ...periods]).map((p) => ({ ...p, text: text.slice(p.start, p.end) }));
  const taken = [...years, ...periods, ...placesFound, ...figures];
  const frames = matchParts(simplified, ZH_FRAME, "frame", taken).map((p) => ({ ...p, text: text.slice(p.start, p.end) }));
  const all = [...taken, ...frames];
  const content = hanWords(simplified)
    .filter((w) => !overlapsAny(all, w.start, w.end) && isChineseContent(w.text))
    .map((w) => w.text);
  // English words inside a Chinese question (names, acronyms) are content too.
  for (const w of tokens(text)) if (!/^\d/.test(w.text) && !overlapsAny(all, w.start, w.end) && isContentWord(w.lower)) content.push(w.lower);
  return { text, chinese: true, years, periods, places: placesFound, figures, ...(frames[0] ? { frame: frames[0] } : {}), content };
}

// ---- Both ----------------------------------------------------------------------------------------

function isChinese(text: string): boolean {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.match(/[A-Za-z]{2,}/g) ?? []).length;
  return han > 0 && han >= latin;
}

/** The parts of a question (or, with `fragment`, of what is left of a follow-up once its "and"/"呢" are gone). */
export function parseQuestionParts(text: string, options: { fragment?: boolean } = {}): QuestionParts {
  return isChinese(text) ? parseChinese(text) : parseEnglish(text, { fragment: options.fragment ?? false });
}

/** A follow-up without its "and …", "what about …", "那…呢": the part that names what changes. */
function followUpCore(question: string): { core: string; marked: boolean; chinese: boolean } {
  const trimmed = question.trim().replace(/[?？!！.。\s]+$/u, "");
  if (isChinese(trimmed)) {
    const marked = MARKED_ZH.test(trimmed);
    const core = trimmed.replace(LEADING_ZH, "").replace(TRAILING_ZH, "").replace(/的$/, "").trim();
    return { core, marked, chinese: true };
  }
  const marked = MARKED_EN.test(trimmed);
  const core = trimmed.replace(LEADING_EN, "").replace(TRAILING_EN, "").trim();
  return { core, marked, chinese: false };
}

/** True when a question stands on its own: a question word with its own subject, or enough content. */
function standsAlone(core: string, parts: QuestionParts, marked: boolean): boolean {
  if (parts.chinese) {
    // Unmarked Chinese with content of its own ("浙江有多少所幼儿园") is a question, not a follow-up.
    return !marked && parts.content.length > 0;
  }
  if (parts.questionWord !== undefined) return parts.subject !== undefined;
  const first = tokens(core)[0]?.lower;
  // "Is the library open on Sundays?": a yes/no question with a subject of its own.
  if (first && (BE_HAVE.has(first) || MODALS.has(first))) return parts.content.length > 0;
  // A fragment: "Zhejiang?", "in 2019?", "primary schools?"; a long one is a statement of its own.
  return !marked && tokens(core).length > 6;
}

/** True when a question cannot stand alone and leans on the one before it. */
export function isFollowUp(question: string): boolean {
  const { core, marked } = followUpCore(question);
  if (!/[\p{L}\p{N}]/u.test(core)) return false;
  return !standsAlone(core, parseQuestionParts(core, { fragment: true }), marked);
}

/** Replaces spans of a text, right to left so earlier offsets stay valid. */
function splice(text: string, edits: { start: number; end: number; text: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const EN_RELATIVE_OF_ZH: Record<string, string> = { 去年: "last year", 今年: "this year", 明年: "next year", 前年: "the year before last" };
const ZH_RELATIVE_OF_EN: Record<string, string> = {
  "last year": "去年",
  "previous year": "去年",
  "past year": "去年",
  "this year": "今年",
  "current year": "今年",
  "next year": "明年",
  "coming year": "明年",
};

/** A year written for the previous question's language. */
function yearFor(part: Part, chinese: boolean): { text: string; bare: boolean } {
  const core = part.text
    .replace(/^(?:in|for|during|by|of|from|since|before|after|until|over)\s+/i, "")
    .replace(/^the\s+/i, "")
    .replace(/['’]s$/, "");
  if (chinese) {
    if (/^\d{4}/.test(core)) return { text: `${core.match(/^\d{4}/)![0]}年`, bare: true };
    return { text: ZH_RELATIVE_OF_EN[core.toLowerCase()] ?? core, bare: true };
  }
  const simplified = toSimplified(core);
  const digits = /^(\d{4})/.exec(simplified);
  if (digits) return { text: part.preposition && !hasHan(part.text) ? part.text : digits[1]!, bare: !(part.preposition && !hasHan(part.text)) };
  const relative = EN_RELATIVE_OF_ZH[simplified.replace(/年度$/, "年")];
  if (relative) return { text: relative, bare: false };
  // "last year" takes no preposition: it replaces "in 2018" whole.
  return { text: part.relative ? core : part.text, bare: !part.preposition && !part.relative };
}

/** A place written for the previous question's language and script. */
function placeFor(part: Part, chinese: boolean, traditional: boolean): string {
  if (!part.place) return part.text;
  const followUpChinese = hasHan(part.text);
  if (chinese === followUpChinese) return part.text;
  if (chinese) return traditional ? toTraditional(part.place.zh) : part.place.zh;
  return part.place.en[0]!;
}

/** True when a text's Han characters are mostly traditional-only forms. */
function isTraditional(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu) ?? [];
  let traditional = 0;
  let simplifiedOnly = 0;
  for (const ch of han) {
    if (toSimplified(ch) !== ch) traditional++;
    else if (toTraditional(ch) !== ch) simplifiedOnly++;
  }
  return traditional > simplifiedOnly;
}

/** True when a text has Han characters that only one script writes that way. */
function scriptOf(text: string): "traditional" | "simplified" | undefined {
  const han = text.match(/\p{Script=Han}/gu) ?? [];
  let traditional = 0;
  let simplified = 0;
  for (const ch of han) {
    if (toSimplified(ch) !== ch) traditional++;
    else if (toTraditional(ch) !== ch) simplified++;
  }
  if (traditional === simplified) return undefined;
  return traditional > simplified ? "traditional" : "simplified";
}

/** Where to add a part the previous question lacks, and how (English: at the end; Chinese: at the start, after a leading year). */
function insertion(previous: QuestionParts, text: string, kind: PartKind): { start: number; end: number; text: string } {
  if (previous.chinese) {
    const leadingYear = previous.years.find((y) => y.start === 0);
    const at = kind !== "year" && leadingYear ? leadingYear.end : 0;
    return { start: at, end: at, text };
  }
  const end = previous.text.replace(/[\s?？!！.。]+$/u, "").length;
  return { start: end, end, text: ` ${text}` };
}

/**
 * The follow-up completed from the previous question, or undefined when it stands alone (a
 * complete new question), names nothing the previous question has a place for, or asks in
 * another way ("how much" after "how many").
 */
export function completeFollowUp(previous: string, question: string): FollowUp | undefined {
  const { core, marked, chinese: followUpChinese } = followUpCore(question);
  if (!/[\p{L}\p{N}]/u.test(core) || !/[\p{L}\p{N}]/u.test(previous)) return undefined;
  const f = parseQuestionParts(core, { fragment: true });
  if (standsAlone(core, f, marked)) return undefined;
  const p = parseQuestionParts(previous.trim());
  const traditionalPrevious = p.chinese && isTraditional(previous);
  const edits: { start: number; end: number; text: string }[] = [];
  const changed: PartKind[] = [];
  const taken: Part[] = [];
  const replaceAll = (targets: readonly Part[], text: string): void => {
    targets.forEach((t, i) => {
      edits.push({ start: t.start, end: t.end, text: i === 0 ? text : "" });
      taken.push(t);
    });
  };

  if (!p.chinese && f.questionWord !== undefined && p.questionWord !== undefined && f.questionWord !== p.questionWord && f.questionWord !== "what")
    return undefined;

  // Years: "And in 2019?", "去年呢？", "What was it last year?"
  if (f.years.length > 0) {
    const year = yearFor(f.years[0]!, p.chinese);
    if (p.years.length > 0) {
      const first = p.years[0]!;
      // A bare year keeps the previous question's preposition ("in 2018" → "in 2019").
      const keepPreposition = !p.chinese && year.bare && first.preposition !== undefined;
      let text = keepPreposition ? `${first.preposition} ${year.text}` : year.text;
      if (!p.chinese && first.preposition === undefined) {
        // A year before a noun ("the 2019 target") takes the year alone, or "last year's".
        const digits = /\d{4}/.exec(text);
        text = digits ? digits[0] : `${text.replace(/^the\s+/i, "")}'s`;
        const article = /\bthe\s+$/i.exec(p.text.slice(0, first.start));
        if (!digits && article) first.start = article.index;
      }
      replaceAll(p.years, text);
    } else {
      const phrase = p.chinese || !year.bare ? year.text : `in ${year.text}`;
      edits.push(insertion(p, phrase, "year"));
    }
    changed.push("year");
  }
  // Periods: "上半年呢？", "And per month?"
  if (f.periods.length > 0) {
    const text = f.periods[0]!.text;
    if (p.periods.length > 0) replaceAll(p.periods, text);
    else edits.push(insertion(p, text, "period"));
    changed.push("period");
  }
  // A name inside the subject ("the Eastside Branch" → "the Harbour Road branch") goes with it.
  const subjectHoldsPlace =
    !p.chinese && f.content.length > 0 && p.subject !== undefined && p.places.some((x) => x.start >= p.subject!.start && x.end <= p.subject!.end);
  // Places and names: "What about Zhejiang?", "那浙江呢？"
  if (f.places.length > 0 && !subjectHoldsPlace) {
    const text = f.places.map((place) => placeFor(place, p.chinese, traditionalPrevious)).join(p.chinese ? "和" : " and ");
    if (p.places.length > 0) replaceAll(p.places, text);
    else if (f.places.every((x) => x.place)) edits.push(insertion(p, p.chinese ? text : `in ${text}`, "place"));
    else return undefined;
    changed.push("place");
  }
  // Figures: "And more than 150,000?"
  if (f.figures.length > 0) {
    if (p.figures.length === 0) return undefined;
    replaceAll(p.figures.slice(0, 1), f.figures[0]!.text);
    changed.push("figure");
  }
  // The frame: "And how many are planned?" (the verb group), "那计划呢？" (a frame word).
  if (f.frame) {
    if (!p.frame || overlapsAny(taken, p.frame.start, p.frame.end)) return undefined;
    let text = f.frame.text;
    // "planned" alone keeps the previous auxiliary ("were built" → "were planned").
    if (!p.chinese && !/\s/.test(text)) {
      const aux = p.frame.text.split(/\s+/);
      text = aux.length > 1 ? [...aux.slice(0, -1), text].join(" ") : text;
    }
    edits.push({ start: p.frame.start, end: p.frame.end, text });
    taken.push(p.frame);
    changed.push("frame");
  }
  // The subject: what is left of the follow-up ("And primary schools?", "民办园呢？").
  const rest = f.content;
  if (rest.length > 0) {
    const subject = p.chinese === followUpChinese ? subjectEdit(p, f, withoutParts(f, subjectHoldsPlace)) : undefined;
    if (!subject || overlapsAny(taken, subject.start, subject.end)) return undefined;
    edits.push(subject);
    changed.push("subject");
  }
  if (edits.length === 0) return undefined;

  let completed = splice(previous.trim(), edits)
    .replace(/[ \t]{2,}/g, " ")
    .replace(/\s+([?？,，.。])/g, "$1")
    .trim();
  if (!/[?？]$/.test(completed)) completed += p.chinese ? "？" : "?";
  // A question in traditional characters is understood in traditional characters (and so for simplified).
  if (p.chinese && followUpChinese) {
    const script = scriptOf(question);
    if (script === "traditional") completed = toTraditional(completed);
    else if (script === "simplified") completed = toSimplified(completed);
  }
  if (completed === previous.trim()) return undefined;
  return { question: completed, changed };
}

/** A follow-up's text without its years, periods, places, figures and frame: the subject it names. */
function withoutParts(f: QuestionParts, keepPlaces = false): string {
  const parts = [...f.years, ...f.periods, ...(keepPlaces ? [] : f.places), ...f.figures, ...(f.frame ? [f.frame] : [])];
  const text = splice(
    f.text,
    parts.map((x) => ({ start: x.start, end: x.end, text: " " })),
  );
  if (f.chinese) return text.replace(/\s+/g, "").replace(/的$/, "");
  return text
    .replace(/\s+/g, " ")
    .replace(new RegExp(`(?:\\s+(?:${[...PREPOSITIONS].join("|")}))+\\s*$`, "i"), "")
    .trim();
}

/** Where the subject the follow-up names (`fragment`) goes in the previous question. */
function subjectEdit(p: QuestionParts, f: QuestionParts, fragment: string): { start: number; end: number; text: string } | undefined {
  if (!p.chinese) {
    const words = tokens(fragment);
    const first = words[0]?.lower;
    // "And for primary schools?": the previous question's phrase with the same preposition.
    if (first && PREPOSITIONS.has(first)) {
      const at = [...p.text.matchAll(new RegExp(`\\b${first}\\s+`, "gi"))]
        .map((m) => m.index)
        .filter((i) => !p.years.concat(p.places, p.periods).some((x) => x.start === i));
      const start = at[at.length - 1];
      if (start === undefined) return undefined;
      let end = p.text.replace(/[\s?？!！.。]+$/u, "").length;
      const next = [...p.years, ...p.places, ...p.periods].filter((x) => x.start > start).sort((a, b) => a.start - b.start)[0];
      if (next) end = next.start;
      return { start, end, text: `${fragment}${next ? " " : ""}` };
    }
    if (!p.subject || f.questionWord !== undefined) return undefined;
    return {
      start: p.subject.start,
      end: p.subject.end,
      text: fragment.replace(/^(?:the|a|an)\s+(?=\S)/i, p.subject.text.match(/^(?:the|a|an)\s/i) ? "$&" : ""),
    };
  }
  // Chinese: the word of the previous question with the same head character (小学 for 中学,
  // 幼儿园 for 民办园); with a modifier in the follow-up, the modifier before it goes too.
  const written = fragment;
  fragment = toSimplified(fragment);
  const head = Array.from(fragment).pop();
  if (!head || !/\p{Script=Han}/u.test(head)) return undefined;
  const converted = toSimplified(p.text);
  const simplified = converted.length === p.text.length ? converted : p.text;
  const all = [...p.years, ...p.periods, ...p.places, ...p.figures];
  const words = hanWords(simplified);
  const matches = words
    .map((w, i) => ({ w, i }))
    .filter(({ w }) => isChineseContent(w.text) && !overlapsAny(all, w.start, w.end) && w.text !== fragment && Array.from(w.text).pop() === head);
  const match = matches[matches.length - 1];
  if (!match) return undefined;
  let start = match.w.start;
  const before = words[match.i - 1];
  const fragmentWords = chineseWords(fragment).filter((w) => /\p{Script=Han}/u.test(w));
  if (fragmentWords.length > 1 && before && before.end === start && isChineseContent(before.text) && !overlapsAny(all, before.start, before.end))
    start = before.start;
  return { start, end: match.w.end, text: written };
}
