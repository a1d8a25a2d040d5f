// fast-check generators of document text for the property tests: content sentences in Chinese
// and English (with figures such as 92.8%, 1,234,567 and 2019年), and the page noise the cleaner
// must drop — keyword lists, breadcrumbs and URL lines. Content vocabulary stays clear of the
// words the cleaner treats as page chrome (版权, 来源, copyright, subscribe, …) by construction.
import fc from "fast-check";

// Common Han characters that spell none of the cleaner's boilerplate markers (声明, 转载, 来源, …).
const HAN = [
  ..."教育学校发展工作提高建设全市服务质量水平推进加强实施改革中心城市经济社会农村人口增长投资项目计划管理完善体系目标任务科技创新医疗卫生交通环境保护生态文化体育旅游农业工业企业就业收入公共安全资源能源水利住房养老儿童青年教师学生课程考试研究大学图书馆基地设备训练年度预算会议报告政府部门地区居民",
];
const WORDS =
  "river library budget school teacher student museum bridge harbor garden railway energy water forest farmer market village island council report project station archive theater hospital clinic bakery orchard canal tunnel".split(
    " ",
  );
const VERBS = "opened built repaired expanded funded planned measured counted visited renovated".split(" ");

/** A figure as documents write them: integers, decimals, percentages, thousands, years. */
export const figure: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 99_999 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${b}`),
  fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 9 })).map(([a, b]) => `${a}.${b}%`),
  fc
    .tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 }))
    .map(([a, b, c]) => `${a},${String(b).padStart(3, "0")},${String(c).padStart(3, "0")}`),
  fc.integer({ min: 1990, max: 2030 }).map((y) => `${y}`),
);

const hanRun = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...HAN), { minLength: min, maxLength: max }).map((chars) => chars.join(""));

/** A Chinese sentence with optional figures, ending with 。 */
export const chineseSentence: fc.Arbitrary<string> = fc
  .tuple(
    hanRun(4, 20),
    fc.option(figure, { nil: undefined }),
    hanRun(3, 20),
    fc.option(fc.tuple(fc.constantFrom("，", "、"), hanRun(3, 15)), { nil: undefined }),
  )
  .map(([a, n, b, tail]) => `${a}${n ?? ""}${b}${tail ? tail.join("") : ""}。`);

/** An English sentence with optional figures, capitalised, ending with a full stop. */
export const englishSentence: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 8 }),
    fc.constantFrom(...VERBS),
    fc.option(figure, { nil: undefined }),
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }),
  )
  .map(([subject, verb, n, rest]) => {
    const words = [...subject, verb, ...(n ? [n] : []), ...rest];
    const text = words.join(" ");
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  });

/** A paragraph: one to four sentences of one language. */
export const paragraph: fc.Arbitrary<{ sentences: string[]; text: string }> = fc.oneof(
  fc.array(chineseSentence, { minLength: 1, maxLength: 4 }).map((sentences) => ({ sentences, text: sentences.join("") })),
  fc.array(englishSentence, { minLength: 1, maxLength: 4 }).map((sentences) => ({ sentences, text: sentences.join(" ") })),
);

const shortHan = hanRun(2, 4);
const shortWord = fc.constantFrom(...WORDS);

/** A line of page chrome: SEO keywords, a breadcrumb, or a bare URL. */
export const noiseLine: fc.Arbitrary<string> = fc.oneof(
  fc.array(shortHan, { minLength: 3, maxLength: 8 }).map((items) => `关键词：${items.join("，")}`),
  fc.array(shortHan, { minLength: 3, maxLength: 8 }).map((items) => items.join("、")),
  fc.array(shortWord, { minLength: 3, maxLength: 8 }).map((items) => `Tags: ${items.join(", ")}`),
  fc.array(shortHan, { minLength: 2, maxLength: 5 }).map((items) => ["首页", ...items].join(" > ")),
  fc.array(shortWord, { minLength: 2, maxLength: 5 }).map((items) => ["Home", ...items].join(" › ")),
  fc
    .tuple(fc.constantFrom("https://", "http://www."), fc.stringMatching(/^[a-z]{3,10}\.(com|cn|org)\/[a-z0-9/]{0,20}$/))
    .map(([scheme, rest]) => `${scheme}${rest}`),
);

function sixGrams(text: string): string[] {
  const chars = Array.from(text.replace(/[\s\p{P}]/gu, ""));
  return chars.slice(0, Math.max(0, chars.length - 5)).map((_, i) => chars.slice(i, i + 6).join(""));
}

/**
 * True when no sentence repeats a six-character run found elsewhere in the document. The cleaner
 * rightly drops a line whose text comes again later (a teaser), so "never loses a sentence" is a
 * claim about distinct sentences; shrinking otherwise ends at degenerate text such as 教教教教教教.
 */
function distinctSentences(lines: readonly { text: string; sentences: readonly string[] }[]): boolean {
  const owner = new Map<string, number>();
  let clash = false;
  lines.forEach((line, i) => {
    for (const gram of sixGrams(line.text)) {
      const seen = owner.get(gram);
      if (seen !== undefined && seen !== i) clash = true;
      owner.set(gram, i);
    }
    // Within one line too: two sentences of a paragraph must not repeat each other.
    const grams = line.sentences.flatMap((sentence) => [...new Set(sixGrams(sentence))]);
    if (new Set(grams).size !== grams.length) clash = true;
  });
  return !clash;
}

/** A document: content paragraphs and noise lines in any order, at least one paragraph. */
export const noisyDocument: fc.Arbitrary<{ text: string; sentences: string[] }> = fc
  .array(
    fc.oneof(
      { arbitrary: paragraph.map((p) => ({ content: true as const, ...p })), weight: 2 },
      { arbitrary: noiseLine.map((text) => ({ content: false as const, text, sentences: [] as string[] })), weight: 1 },
    ),
    { minLength: 1, maxLength: 14 },
  )
  .filter((lines) => lines.some((l) => l.content) && distinctSentences(lines))
  .chain((lines) =>
    fc.array(fc.constantFrom("\n", "\n\n"), { minLength: lines.length, maxLength: lines.length }).map((breaks) => ({
      text: lines.map((l, i) => l.text + breaks[i]).join(""),
      sentences: lines.flatMap((l) => l.sentences),
    })),
  );

/** Long Chinese/English text with figures and very long unpunctuated sentences (forces splits inside sentences). */
export const longText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      paragraph.map((p) => p.text),
      // Han runs, figures (each followed by a unit, so two figures never run together) and separators.
      fc
        .array(
          fc.oneof(
            hanRun(1, 6),
            fc.tuple(figure, fc.constantFrom("个", "元", "人", "所", "，")).map(([f, unit]) => f + unit),
            fc.constantFrom("，", ", ", "、", "：", ":"),
          ),
          { minLength: 50, maxLength: 400, size: "max" },
        )
        .map((parts) => `${parts.join("")}。`),
      fc.array(fc.oneof(shortWord, figure), { minLength: 100, maxLength: 500, size: "max" }).map((words) => `${words.join(" ")}.`),
      fc.array(shortHan, { minLength: 1, maxLength: 3 }).map((h) => `## ${h.join("")}`),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((paragraphs) => paragraphs.join("\n\n"));
