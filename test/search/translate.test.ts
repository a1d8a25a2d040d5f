// Dictionary query translation as the answer engine sees it: English questions become Chinese
// terms folded like the FTS index (and the reverse), bounded and deterministic, and glossaries
// explain the quoted key terms in the quote's own script.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createDictionaryTranslator, type DictionaryTranslator } from "../../src/search/translate.js";
import type { WeightedTerm } from "../../src/search/types.js";
import { foldForSearch } from "../../src/text/normalize.js";
import { indexText, searchTerms, stemEnglish } from "../../src/text/segment.js";

const root = path.resolve(import.meta.dirname, "../..");
let translator: DictionaryTranslator;

beforeAll(() => {
  translator = createDictionaryTranslator();
  const stats = translator.warm();
  console.log(`dictionary ready in ${stats.ms} ms (${stats.source})`);
});

const terms = (weighted: WeightedTerm[]): string[] => weighted.map((entry) => entry.term);

// The speech's targets paragraph, as it reads in the source (traditional script).
const TARGETS_QUOTE =
  "具體目標是:建設公辦幼兒園30所,學前教育三年毛入園率達92.8%,公辦園和普惠性民辦園占全市幼兒園總數的72%;" + "新、擴建城區中小學15所,建設義務教育標準化學校150所";

describe("expand: English question → Chinese terms", () => {
  it("finds the report's words for an everyday question", () => {
    const expanded = translator.expand("How many kindergartens will the city build in 2019?");
    expect(terms(expanded).slice(0, 10)).toContain("幼儿园");
    expect(terms(expanded)).toContain("建设");
    expect(terms(expanded)).toContain("2019");
  });

  it("renders targets, teachers and enrollment rates", () => {
    expect(terms(translator.expand("What are the targets?"))).toContain("目标");
    expect(terms(translator.expand("How many teachers were trained?"))).toContain("教师");
    const rate = terms(translator.expand("What is the gross kindergarten enrollment rate?"));
    expect(rate).toContain("入园率");
    expect(rate).toContain("毛入");
  });

  it("renders a pair joined by 'and' that one word's gloss says whole, and spells out R&D", () => {
    const concept = (q: string, source: string) => translator.concepts(q).find((c) => c.source === source);
    expect(concept("How many teachers and students went abroad?", "teachers and students")?.renderings.map((r) => r.text)).toContain("师生");
    expect(concept("What is the balance of supply and demand?", "supply and demand")?.renderings.map((r) => r.text)).toContain("供求");
    // Two words a conjunction joins that no gloss says together stay two concepts.
    expect(concept("How many parks and libraries opened?", "parks and libraries")).toBeUndefined();
    // "R&D" is what 研发's gloss spells out: the translator reads it so.
    expect(terms(translator.expand("What R&D spending intensity is targeted?"))).toContain("研发");
    expect(terms(translator.expand("What spending intensity is targeted?"))).not.toContain("研发");
  });

  it("renders a word by a descriptive sense only whole, but keeps the names in it", () => {
    const renderings = (q: string, source: string) =>
      translator
        .concepts(q)
        .find((c) => c.source === source)
        ?.renderings.map((r) => r.text) ?? [];
    // 三甲 "rank candidate pass imperial examination": "rank" alone is no rendering of it.
    const sanjia = renderings("全市有多少家三甲医院？", "三甲");
    expect(sanjia.some((text) => text.includes("imperial"))).toBe(true);
    expect(sanjia).not.toContain("rank");
    // A place's sense names it and its province: those stand alone.
    expect(renderings("深圳去年的GDP是多少？", "深圳")).toEqual(expect.arrayContaining(["shenzhen", "guangdong"]));
    // A sense of two words still lends each of them ("last year" → year).
    expect(renderings("去年入学人数是多少？", "去年")).toContain("year");
  });

  it("emits terms folded and split exactly like the index", () => {
    const expanded = translator.expand("What enrollment rate is targeted for children with disabilities?");
    expect(expanded.length).toBeGreaterThan(3);
    for (const { term } of expanded) {
      expect(term).toBe(foldForSearch(term));
      expect(term).not.toMatch(/\s/);
      // Every term is one the index can hold: searching the term itself yields it.
      expect(searchTerms(term)).toContain(term);
    }
  });

  it("is bounded, weighted in (0, 1], sorted and free of duplicates", () => {
    const question =
      "What were the targets for public kindergartens, inclusive private kindergartens, standardized compulsory " +
      "education schools, class sizes in primary and junior high schools, rural teacher subsidies and the gross " +
      "enrollment rate of disabled children in 2019?";
    const expanded = translator.expand(question);
    expect(expanded.length).toBeGreaterThan(10);
    expect(expanded.length).toBeLessThanOrEqual(40);
    expect(new Set(terms(expanded)).size).toBe(expanded.length);
    for (const { weight } of expanded) {
      expect(weight).toBeGreaterThan(0);
      expect(weight).toBeLessThanOrEqual(1);
    }
    const weights = expanded.map((entry) => entry.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });

  it("is deterministic across calls and translator instances", () => {
    const question = "How much money was paid out in subsidies for rural teachers?";
    const first = translator.expand(question);
    expect(translator.expand(question)).toEqual(first);
    expect(createDictionaryTranslator().expand(question)).toEqual(first);
  });

  it("returns nothing for a question without words", () => {
    expect(translator.expand("???")).toEqual([]);
    expect(translator.expand("   ")).toEqual([]);
  });
});

describe("corpus-aware renderings", () => {
  // A vocabulary stands in for the collection: the words a store would say it contains.
  const vocabulary = (words: readonly string[]) => (known: readonly string[]) => new Set(known.filter((w) => words.includes(w)));

  it("prefers the rendering the collection uses over more common senses of the word", () => {
    // 骨干 ("backbone" as in key staff) is far down the dictionary's list for "backbone".
    expect(terms(translator.expand("backbone teachers"))).not.toContain("骨干");
    const expanded = terms(translator.expand("backbone teachers", vocabulary(["骨干", "教师"])));
    expect(expanded).toContain("骨干");
    const concept = translator.concepts("backbone teachers", vocabulary(["骨干"])).find((c) => c.source === "backbone");
    expect(concept?.renderings[0]?.text).toBe("骨干");
  });

  it("renders a verb and its particle as the phrasal verb, before the verb alone", () => {
    const renderings = (q: string, source: string, words: string[]) =>
      translator
        .concepts(q, vocabulary(words))
        .find((c) => c.source === source)
        ?.renderings.map((r) => r.text) ?? [];
    // 关掉 "to switch off"; 转换 "to switch": a rule about phones says which it means.
    const words = ["关掉", "转换", "手机"];
    expect(renderings("When must phones be switched off?", "switched", words)[0]).toBe("关掉");
    expect(renderings("When are phones switched?", "switched", words)[0]).toBe("转换");
    // 报到 "to check in" is the phrasal verb's rendering, whatever the verb alone would be.
    expect(renderings("When do new students check in?", "check", ["报到", "新生"])[0]).toBe("报到");
  });

  it("renders a gerund the glosses barely know through its verb", () => {
    // No gloss says "rolling" for 滚动; one says "to roll".
    expect(terms(translator.expand("rolling training", vocabulary(["滚动", "培训"])))).toContain("滚动");
    // Glosses name "spending" only inside longer phrases ("military spending", which the
    // collection may well say too); 支出 is "to spend".
    const spending = translator
      .concepts("What was the total spending on education?", vocabulary(["支出", "军费开支", "教育"]))
      .find((c) => c.source === "spending");
    expect(spending?.renderings.map((r) => r.text)).toContain("支出");
  });

  it("renders an acronym through the phrase its glosses spell out", () => {
    // The gloss match of "GDP" alone is the Taiwan word 国内生产毛额; "gross domestic product"
    // also gives 国内生产总值, whose known piece 生产总值 a regional report says.
    const weights = new Map(translator.expand("What was the county's GDP?", vocabulary(["生产总值", "生产", "总值"])).map((t) => [t.term, t.weight]));
    expect(weights.get("生产总值")).toBeGreaterThan(0);
  });

  it("weighs the known pieces of a rendering the collection never says whole", () => {
    const weight = (words: string[]) => translator.expand("gross domestic product", vocabulary(words)).find((t) => t.term === "生产总值")?.weight ?? 0;
    // Without 国内生产总值 in the collection, its piece 生产总值 stands in for it.
    expect(weight(["生产总值"])).toBeGreaterThan(weight(["国内生产总值", "生产总值"]));
  });

  it("reaches a rendering the dictionary files under a related English word, only where the collection uses it", () => {
    // CC-CEDICT glosses 垃圾 "trash; refuse; garbage" and 城市 "city; town": never "waste" or "urban".
    expect(terms(translator.expand("How is household waste sorted?", vocabulary(["生活", "分类"])))).not.toContain("垃圾");
    expect(terms(translator.expand("How is household waste sorted?", vocabulary(["垃圾", "分类"])))).toContain("垃圾");
    expect(terms(translator.expand("What is the urban population?", vocabulary(["城市", "人口"])))).toContain("城市");
    // A related word's rendering counts for less than the word's own.
    const waste = translator.concepts("waste", vocabulary(["垃圾", "浪费"])).find((c) => c.source === "waste");
    const score = (word: string): number => waste?.renderings.find((r) => r.text === word)?.score ?? 0;
    expect(score("垃圾")).toBeGreaterThan(0);
    expect(score("浪费")).toBeGreaterThan(score("垃圾"));
  });

  it("renders a long compound by its head where the collection says it with another modifier", () => {
    // 国内生产总值 is a country's GDP; a province's or a county's is 地区生产总值: both end in 生产总值.
    const gdp = (words: string[]) => translator.concepts("What was the county's GDP?", vocabulary(words)).find((c) => c.source === "GDP");
    const score = (words: string[], text: string): number => gdp(words)?.renderings.find((r) => r.text === text)?.score ?? 0;
    expect(score(["生产总值"], "生产总值")).toBeGreaterThan(0);
    expect(score(["生产总值"], "生产总值")).toBeLessThan(score(["生产总值"], "国内生产总值"));
    // Only where the collection uses the head.
    expect(score(["人口"], "生产总值")).toBe(0);
  });

  it("renders two words by one headword whose senses share them out", () => {
    // 常住 is "long-term resident; permanent residence": no one sense says "permanent resident".
    const phrase = translator
      .concepts("How many permanent residents does the town have?", vocabulary(["常住"]))
      .find((c) => c.source === "permanent residents");
    expect(phrase?.renderings.map((r) => r.text)).toContain("常住");
  });

  it("renders the end or start of a period as reports say it, and leaves other ends alone", () => {
    const end = (q: string) =>
      translator
        .concepts(q)
        .find((c) => c.source === "end")
        ?.renderings.map((r) => r.text) ?? [];
    expect(end("How many buses did the depot have at the end of 2021?")).toContain("年末");
    expect(end("What was the debt at the end of the third quarter?")).toContain("期末");
    expect(end("When does the lease end?")).not.toContain("年末");
    const start = translator.concepts("What was the price at the start of the year?").find((c) => c.source === "start");
    expect(start?.renderings.map((r) => r.text)).toContain("年初");
  });

  it("renders an abbreviation the dictionary gives also by its full form", () => {
    // 立委 "legislator" abbreviates 立法委员, which a statute spells out.
    const legislator = translator.concepts("Who may become a legislator?").find((c) => c.source === "legislator");
    expect(legislator?.renderings.map((r) => r.text)).toContain("立法委员");
  });

  it("renders Chinese place names written in pinyin", () => {
    expect(terms(translator.expand("How many teachers went to Xinjiang?"))).toContain("新疆");
    expect(terms(translator.expand("schools paired with Huaihua"))).toContain("怀化");
  });
});

describe("concepts: Chinese question → English renderings", () => {
  it("counts the parts of a long word as that word, not as more words of the question", () => {
    const concepts = translator.concepts("图书馆的馆长是谁？");
    const words = new Set(concepts.flatMap((c) => c.words));
    expect([...words].sort()).toEqual(["图书馆", "馆长"]);
  });

  it("renders a sense of several words as one phrase that needs all of them", () => {
    const lastYear = translator
      .concepts("去年")
      .flatMap((c) => c.renderings)
      .find((r) => r.parts?.length === 2);
    expect(lastYear?.parts).toEqual(["last", "year"]);
  });
});

describe("expand: Chinese question → English terms", () => {
  it("emits stemmed English terms as the index stores them", () => {
    const expanded = terms(translator.expand("图书馆有多少名志愿者？"));
    expect(expanded).toContain("library");
    expect(expanded).toContain(searchTerms("volunteers")[0]);
    for (const term of expanded) expect(searchTerms(term)).toEqual([term]);
  });

  it("treats traditional and simplified questions alike", () => {
    expect(translator.expand("圖書館有多少名志願者，一共服務了多少小時？")).toEqual(translator.expand("图书馆有多少名志愿者，一共服务了多少小时？"));
  });
});

describe("glossary", () => {
  it("explains the Chinese key terms of a traditional quote for an English question", () => {
    const glossary = translator.glossary("What is the 2019 target for the gross kindergarten enrollment rate?", TARGETS_QUOTE);
    expect(glossary.length).toBeGreaterThan(0);
    expect(glossary.length).toBeLessThanOrEqual(6);
    for (const entry of glossary) {
      expect(TARGETS_QUOTE).toContain(entry.term);
      expect(entry.gloss).toMatch(/[a-z]/);
    }
    const rate = glossary.find((entry) => entry.term === "毛入園率");
    expect(rate?.gloss).toMatch(/gross/);
    expect(rate?.gloss).toMatch(/kindergarten/);
    expect(glossary.map((entry) => entry.term)).toContain("目標");
  });

  it("explains the English terms of a quote for a Chinese question, glossed in the question's script", () => {
    const glossary = translator.glossary("圖書館有多少名志願者？", "620 volunteers contributed about 41,000 hours, mainly in homework clubs.");
    expect(glossary).toContainEqual({ term: "volunteers", gloss: "志願者" });
  });

  it("is empty when the quote shares nothing with the question", () => {
    expect(translator.glossary("How many kindergartens?", "")).toEqual([]);
    expect(translator.glossary("How many kindergartens?", "Public Wi-Fi was used in 960,000 sessions.")).toEqual([]);
  });
});

describe("eval questions", () => {
  interface EvalQuestion {
    id: string;
    lang: "en" | "zh-Hans" | "zh-Hant";
    question: string;
    answerable: boolean;
    expect: string[];
    expectSection?: string;
  }
  const questions = JSON.parse(fs.readFileSync(path.join(root, "test/eval/questions.json"), "utf8")) as EvalQuestion[];
  const docsDir = path.join(root, "data/docs");
  // The scraped speech carries pinyin glosses such as 當(dāng); cleaning removes them before indexing.
  const docs = fs.readdirSync(docsDir).map((name) => fs.readFileSync(path.join(docsDir, name), "utf8").replace(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/g, ""));
  const corpus = docs.join("\n");

  it("is a well-formed mix of languages, documents and unanswerable questions", () => {
    expect(questions.length).toBeGreaterThanOrEqual(48);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    const about = (prefix: string, lang: string): number => questions.filter((q) => q.id.startsWith(prefix) && q.lang === lang && q.answerable).length;
    expect(about("edu-", "en")).toBeGreaterThanOrEqual(14);
    expect(about("edu-", "zh-Hans")).toBeGreaterThanOrEqual(12);
    expect(about("edu-", "zh-Hant")).toBeGreaterThanOrEqual(10);
    expect(questions.filter((q) => q.id.startsWith("lib-")).length).toBeGreaterThanOrEqual(4);
    expect(questions.filter((q) => !q.answerable).length).toBeGreaterThanOrEqual(8);
    for (const q of questions) {
      if (!q.answerable) expect(q.expect, q.id).toEqual([]);
      for (const figure of q.expect) expect(corpus, `${q.id}: ${figure}`).toContain(figure);
      if (q.expectSection) expect(corpus, q.id).toContain(q.expectSection);
    }
  });

  it("translates every English question about the Chinese speech into terms the speech contains", () => {
    const speech = new Set(indexText(docs.find((doc) => doc.includes("教育工作會議")) ?? "").split(" "));
    for (const q of questions.filter((item) => item.id.startsWith("edu-") && item.lang === "en")) {
      const shared = translator.expand(q.question).filter(({ term }) => /\p{Script=Han}/u.test(term) && speech.has(term));
      expect(shared.length, q.question).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("commonEnglish", () => {
  it("knows the words the dictionary uses for common Chinese words from names", () => {
    for (const word of ["court", "certificate", "director", "plan"]) expect(translator.commonEnglish?.(word), word).toBe(true);
    // Only proper nouns (河南, and the one-character abbreviation 豫) use "Henan"; nothing uses "Zorblat".
    for (const word of ["Henan", "Zorblat"]) expect(translator.commonEnglish?.(word), word).toBe(false);
  });
});

describe("termGlosses", () => {
  it("reads a Chinese word in English, normalised like question words", () => {
    expect(translator.termGlosses("罚款")).toEqual(expect.arrayContaining(["fine", "penalty"]));
    expect(translator.termGlosses("部门")).toContain("depart");
  });
  it("reads an English index term as the Chinese words whose glosses say it whole", () => {
    // An English passage's "venue" is 地点 (its fourth sense), "additional" 额外.
    expect(translator.termGlosses("venue")).toContain("地点");
    expect(translator.termGlosses("additional")).toContain("额外");
    // The index stems "education" and "dorms" as they are; the glosses know them as "educat" and "dormitory".
    expect(translator.termGlosses(stemEnglish("education"))).toContain("教育");
    expect(translator.termGlosses(stemEnglish("dorms"))).toContain("宿舍");
    // Folded like the index, and never a lone character.
    for (const word of translator.termGlosses("license")) {
      expect(word).toBe(foldForSearch(word));
      expect(Array.from(word).length).toBeGreaterThan(1);
    }
  });
  it("says nothing for single characters, figures, short tokens and words the dictionary lacks", () => {
    for (const term of ["处", "人违", "2024", "of", "zorblat"]) expect(translator.termGlosses(term), term).toEqual([]);
  });
});
