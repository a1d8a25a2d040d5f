// CC-CEDICT lookups: English words and phrases find the Chinese words a report uses, inflected
// forms meet their base form, Chinese words find English senses, and the load is timed.
import { beforeAll, describe, expect, it } from "vitest";
import { asksForQuantity } from "../../src/search/answer-kind.js";
import { dictionaryLoadStats, englishWords, loadDictionary, normalizeEnglishWord, type CedictDictionary } from "../../src/text/dictionary.js";
import { stemEnglish } from "../../src/text/segment.js";

let dictionary: CedictDictionary;

beforeAll(() => {
  dictionary = loadDictionary();
  const stats = dictionaryLoadStats();
  // Reported, not asserted: the first run builds and caches the index, later runs read the cache.
  console.log(`CC-CEDICT loaded in ${stats?.ms} ms (${stats?.source}; ${stats?.headwords} headwords, ${stats?.senses} senses)`);
});

/** Chinese renderings of an English phrase, best first. */
function render(phrase: string, limit = 4): string[] {
  const tokens = phrase.split(/\s+/).map(normalizeEnglishWord);
  return dictionary.translatePhrase(tokens, limit).map((candidate) => candidate.word);
}

describe("lookupAcrossSenses", () => {
  it("finds a headword whose senses between them use every word", () => {
    const words = (tokens: string[]) => dictionary.lookupAcrossSenses(tokens.map(normalizeEnglishWord)).map((c) => c.word);
    expect(words(["permanent", "residents"])).toContain("常住");
    // No one gloss says the phrase, so it is a weaker rendering than a gloss that does.
    const across = dictionary.lookupAcrossSenses(["permanent", "resident"]).find((c) => c.word === "常住");
    const whole = dictionary.lookupEnglish(["permanent", "resident"], 4, true)[0];
    expect(across!.score).toBeLessThan(whole!.score);
  });

  it("leaves a sense that says every word to the gloss lookup", () => {
    // 永久居民 is glossed "permanent resident" in one sense.
    expect(dictionary.lookupAcrossSenses(["permanent", "resident"]).map((c) => c.word)).not.toContain("永久居民");
  });
});

describe("fullFormsOf", () => {
  it("reads what a short form abbreviates from its glosses", () => {
    expect(dictionary.fullFormsOf("医保")).toContain("医疗保险");
    expect(dictionary.fullFormsOf("立委")).toContain("立法委员");
    // A gloss without the pinyin after the full form ("abbr. for 北京大學|北京大学)").
    expect(dictionary.fullFormsOf("北大")).toContain("北京大学");
    expect(dictionary.fullFormsOf("学校")).toEqual([]);
  });
});

describe("normalizeEnglishWord", () => {
  it("folds plurals and inflections onto one key", () => {
    expect(normalizeEnglishWord("targets")).toBe(normalizeEnglishWord("target"));
    expect(normalizeEnglishWord("kindergartens")).toBe("kindergarten");
    expect(normalizeEnglishWord("teachers")).toBe("teacher");
    expect(normalizeEnglishWord("children")).toBe(normalizeEnglishWord("child"));
    expect(normalizeEnglishWord("built")).toBe(normalizeEnglishWord("build"));
    // "When did it become GA?" and "it became GA" are one word to the index and the dictionary.
    expect(normalizeEnglishWord("became")).toBe(normalizeEnglishWord("become"));
    expect(stemEnglish("became")).toBe(stemEnglish("become"));
    expect(stemEnglish("withdrawn")).toBe(stemEnglish("withdraw"));
  });

  it("meets British and American spellings and derived forms", () => {
    const enroll = normalizeEnglishWord("enroll");
    for (const form of ["enrolled", "enrollment", "enrolment", "enrol", "enrolments"]) {
      expect(normalizeEnglishWord(form)).toBe(enroll);
    }
    expect(normalizeEnglishWord("standardized")).toBe(normalizeEnglishWord("standardization"));
    expect(normalizeEnglishWord("standardised")).toBe(normalizeEnglishWord("standardize"));
    expect(normalizeEnglishWord("disabilities")).toBe(normalizeEnglishWord("disabled"));
    expect(normalizeEnglishWord("education")).toBe(normalizeEnglishWord("educated"));
  });

  it("keeps short words and gerunds apart from look-alikes", () => {
    expect(normalizeEnglishWord("rate")).not.toBe(normalizeEnglishWord("rat"));
    expect(normalizeEnglishWord("training")).not.toBe(normalizeEnglishWord("train"));
  });

  it("folds the plural of a compound of 'man', and leaves words that only end in 'men'", () => {
    expect(stemEnglish("policemen")).toBe(stemEnglish("policeman"));
    expect(stemEnglish("chairwomen")).toBe("chairwoman");
    expect(normalizeEnglishWord("businessmen")).toBe(normalizeEnglishWord("businessman"));
    expect(stemEnglish("specimen")).toBe("specimen");
    expect(stemEnglish("abdomen")).toBe("abdomen");
  });
});

describe("clipped words", () => {
  it("reads a clipped word as the word it stands for", () => {
    expect(normalizeEnglishWord("undergrads")).toBe(normalizeEnglishWord("undergraduate"));
    const words = (english: string) => dictionary.translatePhrase([normalizeEnglishWord(english)], 4).map((candidate) => candidate.word);
    expect(words("dorm")).toContain("宿舍");
    expect(words("fridge")).toContain("冰箱");
    expect(words("prof")).toContain("教授");
  });
});

describe("phrasal verbs", () => {
  it("notes the particle written right after a word, and only there", () => {
    const particles = (text: string) => englishWords(text).map((word) => `${word.token}:${word.particle ?? ""}`);
    expect(particles("When do freshmen check in?")).toContain("check:in");
    expect(particles("the check-in desk")).toContain("check:in");
    expect(particles("switch the phones off")).toEqual(["switch:", "phone:off"]);
    // A particle after a skipped word belongs to no content word.
    expect(particles("what is on the list")).toEqual(["list:"]);
  });

  it("finds the senses that say the verb with its particle, not the verb alone", () => {
    const words = (found: { word: string }[]) => found.map((candidate) => candidate.word);
    // 报到 "to report for duty; to check in"; 关掉 "to switch off".
    expect(words(dictionary.lookupPhrasal(normalizeEnglishWord("check"), "in", 8))).toContain("报到");
    expect(words(dictionary.lookupPhrasal(normalizeEnglishWord("switch"), "off", 8))).toContain("关掉");
    expect(words(dictionary.lookupPhrasal(normalizeEnglishWord("check"), "in", 8))).not.toContain("检查");
    expect(dictionary.lookupPhrasal(normalizeEnglishWord("kindergarten"), "in")).toEqual([]);
  });
});

describe("English → Chinese", () => {
  it("renders single words with the everyday report word near the top", () => {
    expect(render("kindergarten").slice(0, 2)).toContain("幼儿园");
    expect(render("kindergartens").slice(0, 2)).toContain("幼儿园");
    expect(render("targets").slice(0, 3)).toContain("目标");
    expect(render("teachers").slice(0, 3)).toContain("教师");
    expect(render("subsidies")).toContain("补贴");
  });

  it("prefers a dictionary phrase over its separate words", () => {
    expect(render("compulsory education")[0]).toBe("义务教育");
    expect(render("primary school")[0]).toBe("小学");
    expect(render("employment rate")[0]).toBe("就业率");
  });

  it("composes phrases CC-CEDICT lacks from parts and learned affixes", () => {
    expect(render("vaccination rate")).toContain("接种率");
    expect(render("gross kindergarten enrollment rate")).toContain("毛入园率");
    expect(render("disabled children")).toContain("残疾儿童");
  });

  // Known gap, kept visible: with the supplement entries written for the sample speech gone,
  // "enroll" ranks 注册 and 报名 before 入学, so "enrollment rate" composes nothing. When this
  // starts passing, make it a plain test.
  it.fails("renders 'enrollment rate' as 入学率", () => {
    expect(render("enrollment rate")).toContain("入学率");
  });

  it("learns affixes from the data rather than a table", () => {
    expect(dictionary.affixes("rate", "suffix").map((affix) => affix.word)).toContain("率");
    expect(dictionary.affixes("gross", "prefix").map((affix) => affix.word)).toContain("毛");
  });

  it("skips variant, surname and archaic readings", () => {
    // 幼稚园 is the Taiwan word for kindergarten: allowed, but below 幼儿园.
    const candidates = dictionary.translatePhrase([normalizeEnglishWord("kindergarten")], 4);
    const mainland = candidates.find((candidate) => candidate.word === "幼儿园");
    const taiwan = candidates.find((candidate) => candidate.word === "幼稚园");
    expect(mainland).toBeDefined();
    if (taiwan) expect(taiwan.score).toBeLessThan(mainland!.score);
    for (const candidate of candidates) expect(candidate.score).toBeGreaterThan(0);
  });

  it("resolves names that CC-CEDICT only cross-references", () => {
    expect(render("Tibet")).toContain("西藏");
    expect(render("Changsha")).toContain("长沙");
  });
});

describe("Chinese → English", () => {
  it("gives English senses, main meaning first", () => {
    expect(dictionary.englishSenses("幼儿园")[0]?.text).toBe("kindergarten");
    expect(dictionary.shortGloss("目标")).toMatch(/^target/);
    expect(dictionary.englishSenses("图书馆").map((sense) => sense.text)).toContain("library");
    expect(dictionary.englishSenses("不是一个词")).toEqual([]);
  });

  it("segments a question into dictionary words without stopwords", () => {
    const words = dictionary.segmentChinese("三類殘疾兒童入學率要達到多少？");
    expect(words).toContain("入学率");
    expect(words.some((word) => word.startsWith("残疾"))).toBe(true);
    expect(words).not.toContain("多少");
  });
});

describe("asksForQuantity", () => {
  it("recognises English and Chinese quantity questions", () => {
    for (const question of [
      "How many kindergartens will be built?",
      "How much was spent on subsidies?",
      "What is the 2019 target for the gross enrollment rate?",
      "What percentage of kindergartens are public?",
      "2019年要建设多少所公办幼儿园？",
      "三類殘疾兒童入學率達到幾成？",
      "骨干教师占多大比例？",
    ]) {
      expect(asksForQuantity(question), question).toBe(true);
    }
  });

  it("says no to questions that ask for something else", () => {
    for (const question of ["Who gave the speech?", "Why was the admission policy changed?", "讲话提出了哪些要求？"]) {
      expect(asksForQuantity(question), question).toBe(false);
    }
  });
});

describe("loading", () => {
  it("loads once and reuses the dictionary", () => {
    expect(loadDictionary()).toBe(dictionary);
    expect(dictionary.size.headwords).toBeGreaterThan(100_000);
  });
});
