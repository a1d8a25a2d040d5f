// Follow-up questions completed from the previous one (src/search/follow-up.ts), in English,
// simplified and traditional Chinese: what the follow-up names replaces the previous question's
// year, place, figure, subject or frame; the rest stays; a complete question is never merged.
// Both questions are analysed as the engine analyses them (analyseQuestion with the dictionary).
import { describe, expect, it } from "vitest";
import { completeFollowUp, type FollowUp, isFollowUp, questionParts } from "../../src/search/follow-up.js";
import { analyseQuestion, type Question } from "../../src/search/question.js";
import { createDictionaryTranslator } from "../../src/search/translate.js";
import { TEST_DICTIONARY_CACHE } from "../helpers/engine.js";

const translator = createDictionaryTranslator({ cacheDir: TEST_DICTIONARY_CACHE });
// Every word is in one passage of ten: the analysis needs frequencies, the completion does not weigh them.
const frequencies = (terms: readonly string[]): ReadonlyMap<string, number> => new Map(terms.map((t) => [t, 1]));
const analysed = (text: string): Question => analyseQuestion(text, { frequencies, totalChunks: 10, translator });
const complete = (previous: string, followUp: string): FollowUp | undefined => completeFollowUp(analysed(previous), analysed(followUp));
const understood = (previous: string, followUp: string): string | undefined => complete(previous, followUp)?.question;

describe("English follow-ups", () => {
  it("takes a new verb and year, keeping the subject", () => {
    expect(understood("How many public kindergartens were built?", "And how many are planned for 2019?")).toBe(
      "How many public kindergartens are planned for 2019?",
    );
  });

  it("replaces a place", () => {
    expect(understood("How many kindergartens were built in Jiangsu?", "What about Zhejiang?")).toBe("How many kindergartens were built in Zhejiang?");
    expect(understood("How many visits did the Harbour Road branch have?", "What about Eastside?")).toBe("How many visits did the Eastside branch have?");
  });

  it("replaces a year, keeping or taking the preposition as fits", () => {
    expect(understood("How many public kindergartens were built in 2018?", "And in 2019?")).toBe("How many public kindergartens were built in 2019?");
    expect(understood("How many visits were recorded in 2023?", "And last year?")).toBe("How many visits were recorded last year?");
    expect(understood("What was the library's budget in 2022?", "What was it in 2023?")).toBe("What was the library's budget in 2023?");
    expect(understood("What is the 2019 target for the gross kindergarten enrollment rate?", "And in 2018?")).toBe(
      "What is the 2018 target for the gross kindergarten enrollment rate?",
    );
  });

  it("adds a year the previous question did not have", () => {
    expect(understood("How many visits did the library record?", "And in 2022?")).toBe("How many visits did the library record in 2022?");
  });

  it("replaces the subject, or the phrase after the same preposition", () => {
    expect(understood("How many public kindergartens were built in 2018?", "And primary schools?")).toBe("How many primary schools were built in 2018?");
    expect(understood("What is the 2019 target for the gross kindergarten enrollment rate?", "And for primary schools?")).toBe(
      "What is the 2019 target for primary schools?",
    );
    expect(understood("When did the Eastside Branch open?", "And the Harbour Road branch?")).toBe("When did the Harbour Road branch open?");
  });

  it("replaces a figure and the verb alone", () => {
    expect(understood("Which branches had more than 100,000 visits?", "And more than 150,000?")).toBe("Which branches had more than 150,000 visits?");
    expect(understood("How many public kindergartens were built in 2018?", "And planned?")).toBe("How many public kindergartens were planned in 2018?");
  });

  it("carries a place named in Chinese into an English question", () => {
    expect(understood("How many kindergartens were built in Jiangsu?", "那浙江呢？")).toBe("How many kindergartens were built in Zhejiang?");
  });

  it("never merges a complete new question", () => {
    for (const question of [
      "How many libraries are there in Zhejiang?",
      "And how many libraries are there in Zhejiang?",
      "Is the central library open on Sundays?",
      // A request, and thanks, lean on nothing.
      "Tell me about Zhejiang",
      "List the new kindergartens in Zhejiang",
      "thanks",
    ]) {
      expect(isFollowUp(analysed(question)), question).toBe(false);
      expect(complete("How many kindergartens were built in Jiangsu?", question), question).toBeUndefined();
    }
  });

  it("leaves alone what it cannot place", () => {
    // Another kind of quantity ("how much" after "how many") would make nonsense of the subject.
    expect(complete("How many books were bought in 2023?", "And how much was spent?")).toBeUndefined();
    // A figure where the previous question has none.
    expect(complete("How many kindergartens were built in Jiangsu?", "And 150,000?")).toBeUndefined();
    // A planned figure where the previous question has a verb, not a noun, to say done or planned.
    expect(complete("How many kindergartens were built in 2018?", "And the target?")).toBeUndefined();
  });

  it("finds places the dictionary knows, wherever they are, in either language", () => {
    // No word list of places: CC-CEDICT's proper nouns and the analysed question's names.
    expect(understood("How many kindergartens were built in Jiangsu?", "那绍兴呢？")).toBe("How many kindergartens were built in Shaoxing?");
    expect(understood("How many kindergartens were built in Jiangsu?", "那内蒙古呢？")).toBe("How many kindergartens were built in Inner Mongolia?");
    expect(understood("How many kindergartens were built in Spain?", "And Portugal?")).toBe("How many kindergartens were built in Portugal?");
    expect(understood("How many kindergartens were built in France?", "And the UK?")).toBe("How many kindergartens were built in the UK?");
    // A fragment's first word opens its sentence: the dictionary, not the capital, says it is a name.
    expect(understood("How many kindergartens were built in Jiangsu?", "Zhejiang?")).toBe("How many kindergartens were built in Zhejiang?");
    expect(understood("How many kindergartens were built in Jiangsu?", "Primary schools?")).toBe("How many primary schools were built in Jiangsu?");
    expect(understood("How many kindergartens were built in Jiangsu?", "What about Zhejiang and Anhui?")).toBe(
      "How many kindergartens were built in Zhejiang and Anhui?",
    );
    expect(understood("How many visits did the library record?", "What about Zhejiang?")).toBe("How many visits did the library record in Zhejiang?");
  });

  it("replaces a name within its phrase, keeping the words around it", () => {
    expect(understood("How many books did the Northgate branch lend in 2023?", "And the Old Town branch?")).toBe(
      "How many books did the Old Town branch lend in 2023?",
    );
    expect(understood("How many books did the Northgate branch lend in 2023?", "Old Town?")).toBe("How many books did the Old Town branch lend in 2023?");
    expect(understood("What was Zhejiang's GDP growth target for 2026?", "And Jiangsu's?")).toBe("What was Jiangsu's GDP growth target for 2026?");
    expect(understood("What did the Ministry of Education announce in 2020?", "And the Ministry of Finance?")).toBe(
      "What did the Ministry of Finance announce in 2020?",
    );
    expect(understood("What did the Ministry of Education announce in 2020?", "那财政部呢？")).toBe("What did the Ministry of Finance announce in 2020?");
  });

  it("replaces a relative year at the end of the question, with its preposition where it needs one", () => {
    expect(understood("How many kindergartens were built last year?", "And this year?")).toBe("How many kindergartens were built this year?");
    expect(understood("What was the library's budget last year?", "And in 2022?")).toBe("What was the library's budget in 2022?");
    expect(understood("How many kindergartens were built in 2018?", "去年呢？")).toBe("How many kindergartens were built last year?");
    expect(understood("How many kindergartens were built in 2018?", "二〇一九年呢？")).toBe("How many kindergartens were built in 2019?");
  });

  it("replaces a figure with its magnitude", () => {
    expect(understood("Which branches had more than 100,000 visits?", "And more than 1.5 million?")).toBe("Which branches had more than 1.5 million visits?");
  });
});

describe("simplified Chinese follow-ups", () => {
  it("replaces a relative or absolute year", () => {
    expect(understood("今年新建公办幼儿园的目标是多少所？", "去年呢？")).toBe("去年新建公办幼儿园的目标是多少所？");
    expect(understood("2019年学前教育三年毛入园率的目标是多少？", "2018年呢？")).toBe("2018年学前教育三年毛入园率的目标是多少？");
  });

  it("replaces a place, a period and a frame word", () => {
    expect(understood("江苏2019年新建了多少所幼儿园？", "那浙江呢？")).toBe("浙江2019年新建了多少所幼儿园？");
    expect(understood("江苏新建了多少所幼儿园？", "浙江有多少？")).toBe("浙江新建了多少所幼儿园？");
    expect(understood("上半年新建了多少所幼儿园？", "下半年呢？")).toBe("下半年新建了多少所幼儿园？");
    expect(understood("今年新建公办幼儿园的目标是多少所？", "那计划呢？")).toBe("今年新建公办幼儿园的计划是多少所？");
  });

  it("replaces a place the segmenter does not tag, and an organisation by its head", () => {
    // jieba reads 怀化 as a verb before 新建; CC-CEDICT knows it only as a proper noun.
    expect(understood("怀化新建了多少所幼儿园？", "What about Changsha?")).toBe("长沙新建了多少所幼儿园？");
    expect(understood("市教育局2023年发布了几项规定？", "那市财政局呢？")).toBe("市财政局2023年发布了几项规定？");
    expect(understood("王安石的诗有多少首？", "那李白呢？")).toBe("李白的诗有多少首？");
    expect(understood("接待读者超过10万人次的分馆有哪些？", "超过15万呢？")).toBe("接待读者超过15万人次的分馆有哪些？");
  });

  it("takes a subject asked in English into the Chinese question, through the dictionary", () => {
    expect(understood("公办小学有多少所？", "And middle schools?")).toBe("公办中学有多少所？");
    expect(understood("新建了多少所幼儿园？", "What about Zhejiang?")).toBe("浙江新建了多少所幼儿园？");
  });

  it("replaces the subject that shares the follow-up's head character", () => {
    expect(understood("公办小学有多少所？", "中学呢")).toBe("公办中学有多少所？");
    expect(understood("2019年要新建多少所公办幼儿园？", "民办园呢？")).toBe("2019年要新建多少所民办园？");
  });

  it("adds a year to a question without one", () => {
    expect(understood("新建了多少所幼儿园？", "2018年呢？")).toBe("2018年新建了多少所幼儿园？");
  });

  it("never merges a complete new question", () => {
    expect(isFollowUp(analysed("浙江有多少所幼儿园？"))).toBe(false);
    expect(complete("江苏新建了多少所幼儿园？", "浙江有多少所幼儿园？")).toBeUndefined();
    expect(complete("江苏新建了多少所幼儿园？", "图书馆全年接待读者多少人次？")).toBeUndefined();
  });

  it("leaves a subject it cannot place alone", () => {
    expect(complete("2019年要新建多少所公办幼儿园？", "小学呢？")).toBeUndefined();
  });
});

describe("traditional Chinese follow-ups", () => {
  it("replaces a year in a traditional question and keeps its script", () => {
    expect(understood("2019年學前教育三年毛入園率的目標是多少？", "那2018年呢？")).toBe("2018年學前教育三年毛入園率的目標是多少？");
    expect(understood("今年新建公辦幼兒園的目標是多少所？", "去年呢？")).toBe("去年新建公辦幼兒園的目標是多少所？");
  });

  it("understands a traditional follow-up of a simplified question in traditional characters", () => {
    expect(understood("江苏新建了多少所幼儿园？", "那廣東呢？")).toBe("廣東新建了多少所幼兒園？");
  });

  it("writes a place named in English in the traditional question's script", () => {
    expect(understood("江蘇新建了多少所幼兒園？", "What about Guangdong?")).toBe("廣東新建了多少所幼兒園？");
  });

  it("replaces a place and a subject written in traditional characters", () => {
    expect(understood("江蘇新建了多少所幼兒園？", "那浙江呢？")).toBe("浙江新建了多少所幼兒園？");
    expect(understood("公辦小學有多少所？", "中學呢？")).toBe("公辦中學有多少所？");
  });

  it("never merges a complete new question", () => {
    expect(complete("江蘇新建了多少所幼兒園？", "浙江有多少所幼兒園？")).toBeUndefined();
  });
});

describe("question parts", () => {
  it("finds where the analysed question's subject, verb group, years and places are written", () => {
    const parts = questionParts(analysed("How many public kindergartens were built in Jiangsu in 2018?"));
    expect(parts.subject?.text).toBe("public kindergartens");
    expect(parts.frame?.text).toBe("were built");
    expect(parts.frame?.frame).toBe("past");
    expect(parts.years.map((y) => [y.text, y.year])).toEqual([["in 2018", 2018]]);
    expect(parts.places.map((p) => p.text)).toEqual(["Jiangsu"]);
    expect(parts.places[0]!.name?.forms).toContain("江苏");
    const chinese = questionParts(analysed("去年江蘇新建了多少所幼兒園？"));
    expect(chinese.years.map((y) => [y.text, y.relative])).toEqual([["去年", true]]);
    expect(chinese.places.map((p) => p.text)).toEqual(["江蘇"]);
    expect(chinese.places[0]!.name?.forms).toContain("jiangsu");
    expect(chinese.content.map((t) => t.term)).toEqual(["新建", "幼儿园"]);
  });
});
