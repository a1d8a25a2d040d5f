// The named checks, one by one, on candidate sentences of small documents written here: each
// check's scores and the hard demands that refuse a sentence, with the reason it gives.
import { describe, expect, it } from "vitest";
import { type Candidate, candidatesOf, identityFromTitle } from "../../src/search/candidates.js";
import {
  answerKindCheck,
  coverageCheck,
  FEATURES,
  namesCheck,
  runChecks,
  shapeCheck,
  spansYear,
  statesName,
  timeFrameCheck,
  yearCheck,
} from "../../src/search/checks.js";
import { analyseQuestion, type Question } from "../../src/search/question.js";
import { createDictionaryTranslator } from "../../src/search/translate.js";
import { termCache } from "../../src/search/candidates.js";
import type { ChunkRow } from "../../src/store/store.js";
import { TEST_DICTIONARY_CACHE } from "../helpers/engine.js";

const translator = createDictionaryTranslator({ cacheDir: TEST_DICTIONARY_CACHE });
const termsOf = termCache();
// Every word is known to the collection once: weights are equal, nothing is unseen.
const seenOnce = (terms: readonly string[]): Map<string, number> => new Map(terms.map((t) => [t, 1]));

function chunk(text: string, title: string, headingPath: string[] = [], language = "zh-Hans"): ChunkRow {
  return {
    id: 1,
    documentId: 1,
    ord: 0,
    headingPath,
    text,
    start: 0,
    end: text.length,
    page: null,
    document: { id: 1, source: `/docs/${title}.md`, url: null, title, language },
  };
}

/** The candidates of one passage, with the document identified by the places its title names. */
function candidates(c: ChunkRow, titlePlaces: string[] = []): Candidate[] {
  return candidatesOf([c], new Map([[c.id, { fused: 0, legs: { lexical: 0 } }]]), (row) => identityFromTitle(row.document, titlePlaces), termsOf);
}

const glossesOfTerms = (terms: ReadonlySet<string>, from?: "han" | "latin"): ReadonlySet<string> =>
  new Set([...terms].filter((t) => from === undefined || /\p{Script=Han}/u.test(t) === (from === "han")).flatMap((t) => translator.termGlosses(t)));
const ask = (text: string): Question => analyseQuestion(text, { frequencies: seenOnce, totalChunks: 10, translator });
const sentence = (list: Candidate[], part: string): Candidate => list.find((c) => c.span.text.includes(part))!;

describe("year", () => {
  const list = candidates(chunk("2022年全市新建公园45个。绿道延长到210公里。", "绿城市园林工作报告"));
  it("passes a passage that states the year asked for", () => {
    expect(yearCheck.run(ask("2022年新建了多少个公园？"), sentence(list, "公园"), { termsOf }).fail).toBeUndefined();
  });
  it("refuses a passage that does not, and says which year", () => {
    expect(yearCheck.run(ask("2023年新建了多少个公园？"), sentence(list, "公园"), { termsOf }).fail).toMatch(/2023/);
  });
  it("passes a passage that states a span of years holding the year asked for, and no other span", () => {
    const cards = candidates(chunk("2017年到2021年办理的学生卡可以直接当交通卡使用。", "交通卡说明"));
    expect(yearCheck.run(ask("2019年办的学生卡能当交通卡用吗？"), cards[0]!, { termsOf }).fail).toBeUndefined();
    expect(yearCheck.run(ask("2023年办的学生卡能当交通卡用吗？"), cards[0]!, { termsOf }).fail).toMatch(/2023/);
    expect(spansYear("valid for cards issued from 2017 to 2021", 2020)).toBe(true);
    expect(spansYear("in 2017, 2021 and 2023", 2019)).toBe(false);
  });
});

describe("names", () => {
  const beijing = candidates(chunk("个人未分类投放的，处五十元以上二百元以下罚款。", "北京市生活垃圾管理条例"), ["北京市"]);
  it("binds a place at document level: the title names it", () => {
    const result = namesCheck.run(ask("北京个人不分类投放垃圾罚多少钱？"), beijing[0]!, { termsOf });
    expect(result.fail).toBeUndefined();
    expect(result.scores.name_in_document).toBe(1);
  });
  it("refuses a document that identifies itself by another place", () => {
    expect(namesCheck.run(ask("上海个人不分类投放垃圾罚多少钱？"), beijing[0]!, { termsOf }).fail).toMatch(/not 上海/);
  });
  it("takes a state's official name for its short one (China in a law of 中华人民共和国)", () => {
    const law = candidates(chunk("电动自行车电池保修期不得少于2年。", "中华人民共和国电动自行车安全规定"), ["中华人民共和国"])[0]!;
    expect(namesCheck.run(ask("What is the minimum battery warranty for an e-bike in China?"), law, { termsOf }).fail).toBeUndefined();
    expect(namesCheck.run(ask("What is the minimum battery warranty for an e-bike in Japan?"), law, { termsOf }).fail).toMatch(/not Japan/);
  });
  it("reads 'a Taiwanese citizen' as naming Taiwan", () => {
    const act = candidates(chunk("外籍配偶於中華民國領域內合法居留繼續三年以上者，得申請長期居留。", "居留辦法"), ["中华民国"])[0]!;
    expect(namesCheck.run(ask("I'm married to a Taiwanese citizen. How many years of residence do I need?"), act, { termsOf }).fail).toBeUndefined();
  });
  it("binds an English place name to its Chinese form", () => {
    expect(namesCheck.run(ask("What is the fine in Beijing for not sorting waste?"), beijing[0]!, { termsOf }).fail).toBeUndefined();
    expect(namesCheck.run(ask("What is the fine in Shanghai for not sorting waste?"), beijing[0]!, { termsOf }).fail).toBeDefined();
  });
  it("tells an English place name the document contradicts, as it would the Chinese one", () => {
    const question = ask("What is the fine in Shanghai for not sorting waste?");
    expect(question.names.find((n) => n.surface === "Shanghai")?.kind).toBe("place");
    expect(namesCheck.run(question, beijing[0]!, { termsOf }).fail).toMatch(/not Shanghai/);
  });
  it("takes a document about a district for one about the city or region it lies in", () => {
    // 湾仔 is "Wan Chai district, Hong Kong" to the dictionary: a Wan Chai council paper is a Hong Kong one.
    const district = candidates(chunk("区内长者服务轮候时间中位数为15个月。", "湾仔区议会文件"), ["湾仔"])[0]!;
    const env = { termsOf, glossesOf: glossesOfTerms };
    expect(namesCheck.run(ask("In Hong Kong, what is the median waiting time for elderly services?"), district, env).fail).toBeUndefined();
    expect(namesCheck.run(ask("In Hong Kong, what is the median waiting time for elderly services?"), district, env).scores.name_in_document).toBe(1);
    // Another city is still contradicted, and without the dictionary nothing is inferred.
    expect(namesCheck.run(ask("In Shanghai, what is the median waiting time for elderly services?"), district, env).fail).toMatch(/not Shanghai/);
    expect(namesCheck.run(ask("In Hong Kong, what is the median waiting time for elderly services?"), district, { termsOf }).fail).toMatch(/not Hong Kong/);
    // 普陀区 is a district of Shanghai and one of Zhoushan, Zhejiang: a paper about 普陀区 and
    // 上海市 is no Zhejiang one.
    const putuo = candidates(chunk("区级部门预算收入合计37151万元。", "上海市普陀区2025年区级部门预算"), ["普陀区", "上海市"])[0]!;
    expect(namesCheck.run(ask("What budget revenue did Zhejiang plan for 2025?"), putuo, env).fail).toMatch(/not Zhejiang/);
  });
  it("binds an English name of several words stated in another order", () => {
    const release = candidates(chunk("“We are glad,” said Jane Roe, Executive Director of the Example Foundation.", "Access restored", [], "en"));
    const result = namesCheck.run(ask("Who was the Example Foundation Executive Director quoted?"), release[0]!, { termsOf });
    expect(result.fail).toBeUndefined();
    expect(result.scores.name_in_sentence).toBe(1);
  });
  it("lets a capitalised phrase of common words weigh without refusing a document that words it otherwise", () => {
    const fees = candidates(chunk("外僑居留證遺失補發，每件新臺幣五百元。", "居留證件規費"));
    const question = ask("If my Alien Resident Certificate gets lost, what is the replacement fee?");
    expect(question.names.find((n) => n.surface === "Alien Resident Certificate")?.descriptive).toBe(true);
    const result = namesCheck.run(question, fees[0]!, { termsOf });
    expect(result.fail).toBeUndefined();
    expect(result.scores.name_unbound).toBe(1);
  });
  it("lets a place weigh, without refusing, in a document that names no place of its own (a national act)", () => {
    const act = candidates(chunk("紙菸每千支徵收新臺幣五百九十元。", "菸酒稅法", [], "zh-Hant"));
    const result = namesCheck.run(ask("How much tax does Taiwan charge per thousand cigarettes?"), act[0]!, { termsOf });
    expect(result.fail).toBeUndefined();
    expect(result.scores.name_unbound).toBe(1);
  });
  it("still refuses an organisation a document never names", () => {
    const report = candidates(chunk("Revenue rose 12% to $4.1 billion.", "Quarterly results", [], "en"));
    expect(namesCheck.run(ask("What revenue did Northwind Traders report?"), report[0]!, { termsOf }).fail).toMatch(/Northwind Traders/);
  });
  it("lets a Chinese-only name weigh in an English document, which cannot write it, but refuses a Chinese one that never does", () => {
    // No document of the collection writes it: in Chinese, only a Chinese document could.
    const question = analyseQuestion("香港入境處的新收費從什麼時候開始生效？", { frequencies: () => new Map(), totalChunks: 10, translator });
    expect(question.names.find((n) => n.surface === "香港入境处")?.seen).toBe(false);
    expect(question.names.map((n) => n.surface)).toContain("香港入境处");
    const english = candidates(chunk("With effect from 26 February 2025, the new fees apply to every application.", "New fee structure", [], "en"));
    expect(namesCheck.run(question, english[0]!, { termsOf }).fail).toBeUndefined();
    const chinese = candidates(chunk("新收費自2025年2月26日起生效。", "收費規例", [], "zh-Hant"));
    expect(namesCheck.run(question, chinese[0]!, { termsOf }).fail).toMatch(/香港入境/);
  });
  it("binds a name of several words to the file name that holds them all", () => {
    const row = { ...chunk("Revenue rose 12% to $4.1 billion.", "Quarterly results", [], "en") };
    row.document = { ...row.document, source: "/docs/northwind-traders-results-2022.pdf" };
    const result = namesCheck.run(ask("What revenue did Northwind Traders report?"), candidates(row)[0]!, { termsOf });
    expect(result.fail).toBeUndefined();
    expect(result.scores.name_in_document).toBe(1);
  });
  it("reads letters and digits as one name, next to Chinese characters too", () => {
    const booklet = candidates(chunk("HbA1c目標為低於7%。", "糖尿病指南"));
    const question = ask("糖化血红蛋白（HbA1c）的目标是多少？");
    expect(question.names.map((n) => n.surface)).toEqual(["HbA1c"]);
    expect(namesCheck.run(question, booklet[0]!, { termsOf }).scores.name_in_sentence).toBe(1);
    // A code of capitals and digits abbreviates a common noun: it is no name.
    expect(ask("去年PM2.5年均浓度是多少？").names).toEqual([]);
  });
  it("binds a Latin name in a Chinese question as written, not by the dictionary's senses of its words", () => {
    const question = ask("Gentoo Android App 项目的学生报名截止日期是哪天？");
    expect(question.names.map((n) => n.forms)).toEqual([["gentoo android app"]]);
    // Android is 机器人 in the dictionary: a robot's manual does not name the app.
    const manual = candidates(chunk("巡检机器人由底盘、云台和智能电池组成。", "巡检机器人用户手册"))[0]!;
    expect(namesCheck.run(question, manual, { termsOf }).fail).toMatch(/Gentoo Android App/);
    const call = candidates(chunk("自由开源的 Gentoo Android App 项目，学生报名截止到 5 月 20 日。", "暑期项目提案"))[0]!;
    expect(namesCheck.run(question, call, { termsOf }).fail).toBeUndefined();
  });
  it("takes an acronym a document identifies itself by for a name, in a question of either language, and no other acronym", () => {
    // The library: one document titled "Riverton Open Source Foundation (RSF) Bylaws".
    const identifies = (form: string): boolean => form === "rsf";
    const askIn = (text: string): Question => analyseQuestion(text, { frequencies: seenOnce, totalChunks: 10, translator, identifies });
    expect(askIn("RSF 章程规定理事会每年至少开几次会？").names.map((n) => n.surface)).toEqual(["RSF"]);
    expect(askIn("How often must the RSF board meet?").names.map((n) => n.surface)).toEqual(["RSF"]);
    expect(askIn("What was the GDP growth rate last year?").names).toEqual([]);
    // A passage of another document, in Chinese, that never writes it is about something else.
    const act = candidates(chunk("區分所有權人會議每年至少應召開定期會議一次。", "公寓大廈管理條例", [], "zh-Hant"))[0]!;
    expect(namesCheck.run(askIn("RSF 章程规定理事会每年至少开几次会？"), act, { termsOf }).fail).toMatch(/RSF/);
    const bylaws = candidates(chunk("The Board shall meet at least four times a year.", "Riverton Open Source Foundation (RSF) Bylaws", [], "en"))[0]!;
    expect(namesCheck.run(askIn("RSF 章程规定理事会每年至少开几次会？"), bylaws, { termsOf }).fail).toBeUndefined();
  });
});

describe("statesName", () => {
  it("finds a name as written, or an English one by all its words", () => {
    expect(statesName("在上海市", "上海")).toBe(true);
    expect(statesName("director of the example foundation", "example foundation director")).toBe(true);
    expect(statesName("the foundation director", "example foundation director")).toBe(false);
    // Whole words only: "ample" is not in "example".
    expect(statesName("an example fund", "ample fund")).toBe(false);
  });
});

describe("answer kind", () => {
  const list = candidates(chunk("改造城区公交站台80个，新建一批农村公交候车亭。公交线路由市交通局负责规划。", "海港市公交报告"));
  it("refuses a sentence with no figure for a quantity question", () => {
    expect(answerKindCheck.run(ask("公交线路由哪个部门规划，有多少条？"), sentence(list, "交通局"), { termsOf }).fail).toMatch(/figure/);
  });
  it("refuses a figure that counts something else", () => {
    expect(answerKindCheck.run(ask("新建了多少个农村公交候车亭？"), sentence(list, "站台"), { termsOf }).fail).toMatch(/not about/);
  });
  it("reads a duration of one (一年内) as a figure", () => {
    const rule = candidates(chunk("申请人应于许可之日起一年内提交完税证明。", "登记办法"))[0]!;
    expect(answerKindCheck.run(ask("How long does an applicant have to submit the tax certificate?"), rule, { termsOf }).fail).toBeUndefined();
  });
  it("takes a duration as the answer to 'how many years'", () => {
    const act = candidates(chunk("外籍配偶合法居留繼續三年以上者，得申請長期居留。", "居留辦法"))[0]!;
    const fee = candidates(chunk("外籍配偶申請居留證收費一千元。", "居留辦法"))[0]!;
    expect(answerKindCheck.run(ask("How many years of legal residence do I need?"), act, { termsOf }).fail).toBeUndefined();
    expect(answerKindCheck.run(ask("How many years of legal residence do I need?"), fee, { termsOf }).fail).toBeDefined();
  });
  it("takes a figure with a measure word for people as a headcount, whatever noun follows", () => {
    const moved = candidates(chunk("台风期间转移安置3.6万名沿海居民。", "防台风报告"))[0]!;
    const parks = candidates(chunk("台风期间关闭公园36个。", "防台风报告"))[0]!;
    expect(answerKindCheck.run(ask("How many people were moved to safety during the typhoon?"), moved, { termsOf }).fail).toBeUndefined();
    expect(answerKindCheck.run(ask("How many people were moved to safety during the typhoon?"), parks, { termsOf }).fail).toMatch(/not about/);
  });
  it("scores a figure in a clause about the question", () => {
    const result = answerKindCheck.run(ask("改造了多少个城区公交站台？"), sentence(list, "站台"), { termsOf });
    expect(result.fail).toBeUndefined();
    expect(result.scores.kind_in_clause).toBe(1);
  });
});

describe("coverage", () => {
  const list = candidates(chunk("全市新建公园45个。公交准点率达到91%。", "绿城市报告"));
  it("measures more of the question in the sentence that says it", () => {
    const q = ask("全市新建了多少个公园？");
    const park = coverageCheck.run(q, sentence(list, "公园"), { termsOf }).scores;
    const bus = coverageCheck.run(q, sentence(list, "准点率"), { termsOf }).scores;
    expect(park.coverage_direct!).toBeGreaterThan(bus.coverage_direct!);
  });
  it("reads a sentence under its title: the one that answers beats the one that only repeats the document's name", () => {
    const list = candidates(chunk("河城流体力学学会年会将于十月在河城酒店举行。\n审查结果通知：九月十五日", "河城流体力学学会年会"));
    const q = ask("河城流体力学学会年会的审查结果什么时候通知？");
    const answer = coverageCheck.run(q, sentence(list, "审查"), { termsOf }).scores;
    const naming = coverageCheck.run(q, sentence(list, "举行"), { termsOf }).scores;
    expect(answer.coverage_direct!).toBeGreaterThan(naming.coverage_direct!);
  });
  it("meets a bound the question asks by the form a rule states it in", () => {
    const rule = candidates(chunk("夜间施工噪声不得超过五十五分贝。", "噪声管理办法"))[0]!;
    const plain = candidates(chunk("夜间施工噪声为五十五分贝。", "噪声管理办法"))[0]!;
    const chinese = ask("夜间施工噪声最高是多少分贝？");
    expect(coverageCheck.run(chinese, rule, { termsOf }).scores.coverage_direct!).toBeGreaterThan(
      coverageCheck.run(chinese, plain, { termsOf }).scores.coverage_direct!,
    );
    const english = ask("What is the maximum noise level for building work at night?");
    expect(coverageCheck.run(english, rule, { termsOf }).scores.coverage_translated!).toBeGreaterThan(
      coverageCheck.run(english, plain, { termsOf }).scores.coverage_translated!,
    );
  });
  it("meets an abbreviation the question uses by its full form", () => {
    const spelled = candidates(chunk("全县社会保险参保人数达到十二万人。", "人社工作报告"))[0]!;
    const other = candidates(chunk("全县参保人数达到十二万人。", "人社工作报告"))[0]!;
    const q = ask("全县社保参保人数是多少？");
    expect(q.searchTerms).toContain("社会保险");
    expect(coverageCheck.run(q, spelled, { termsOf }).scores.coverage_direct!).toBeGreaterThan(
      coverageCheck.run(q, other, { termsOf }).scores.coverage_direct!,
    );
  });
  it("gives partial credit by characters to a paraphrase", () => {
    const q = ask("公园新建几个？");
    expect(coverageCheck.run(q, sentence(list, "公园"), { termsOf }).scores.coverage_chars!).toBeGreaterThan(0.5);
  });
  it("covers an English question through translation", () => {
    const scores = coverageCheck.run(ask("How many parks were built?"), sentence(list, "公园"), { termsOf }).scores;
    expect(scores.coverage_translated!).toBeGreaterThan(0);
  });
  it("meets an English word in the passage's own glosses when its renderings miss it", () => {
    const fine = candidates(chunk("乱扔垃圾的，处五十元罚款。", "市容条例"))[0]!;
    const q = ask("How much is the penalty for littering?");
    const without = coverageCheck.run(q, fine, { termsOf }).scores.coverage_translated!;
    const glossed = coverageCheck.run(q, fine, { termsOf, glossesOf: glossesOfTerms }).scores.coverage_translated!;
    expect(glossed).toBeGreaterThan(without);
  });
  it("glosses only the passage terms a question's hints can meet", () => {
    const asked: Array<string | undefined> = [];
    const spy = (terms: ReadonlySet<string>, from?: "han" | "latin") => {
      asked.push(from);
      return glossesOfTerms(terms, from);
    };
    const fine = candidates(chunk("乱扔垃圾的，处五十元罚款。", "市容条例"))[0]!;
    coverageCheck.run(ask("How much is the penalty for littering?"), fine, { termsOf, glossesOf: spy });
    // An English question's words are met in Chinese terms' glosses only.
    expect(new Set(asked)).toEqual(new Set(["han"]));
    asked.length = 0;
    // A Chinese question about an English passage: its words in English terms' readings ("venue" → 地点).
    const notice = candidates(chunk("The venue opens at 9 am for all volunteers.", "Volunteer notes", [], "en"))[0]!;
    const q = ask("活动地点几点开放？");
    const without = coverageCheck.run(q, notice, { termsOf }).scores.coverage_translated ?? 0;
    const glossed = coverageCheck.run(q, notice, { termsOf, glossesOf: spy }).scores.coverage_translated ?? 0;
    expect(asked.every((from) => from === "latin")).toBe(true);
    expect(glossed).toBeGreaterThan(without);
  });
  it("does not let glosses count as the question's words met", () => {
    const fine = candidates(chunk("乱扔垃圾的，处五十元罚款。", "市容条例"))[0]!;
    const q = ask("How much is the penalty for littering?");
    const without = coverageCheck.run(q, fine, { termsOf }).scores;
    const glossed = coverageCheck.run(q, fine, { termsOf, glossesOf: glossesOfTerms }).scores;
    expect(glossed.words_matched).toBe(without.words_matched);
  });
});

describe("shape", () => {
  it("refuses a bare outline label, not a short statement or a line that introduces a list", () => {
    const list = candidates(chunk("(2) 收费\n\n停车费按每小时十元收取。\n\n申请材料：\n\n(3) 附表5份", "停车场管理办法"));
    const q = ask("停车费怎么收？");
    expect(shapeCheck.run(q, sentence(list, "(2) 收费"), { termsOf }).fail).toMatch(/label/);
    expect(shapeCheck.run(q, sentence(list, "每小时"), { termsOf }).fail).toBeUndefined();
    expect(shapeCheck.run(q, sentence(list, "申请材料"), { termsOf }).fail).toBeUndefined();
    expect(shapeCheck.run(q, sentence(list, "附表5份"), { termsOf }).fail).toBeUndefined();
  });
});

describe("time frame", () => {
  const review = candidates(chunk("全市新建公园45个。", "报告", ["一、2022年工作回顾"]));
  const plan = candidates(chunk("全市新建公园60个。", "报告", ["二、2023年工作重点"]));
  it("matches a plan question to a plan section and clashes with a review", () => {
    const q = ask("今年计划新建多少个公园？");
    expect(timeFrameCheck.run(q, plan[0]!, { termsOf }).scores.frame_match).toBe(1);
    expect(timeFrameCheck.run(q, review[0]!, { termsOf }).scores.frame_clash).toBe(1);
  });
});

describe("runChecks", () => {
  it("gives every feature a number and names the first failed demand", () => {
    const list = candidates(chunk("2022年全市新建公园45个。", "报告"));
    const { features, failed } = runChecks(ask("2023年新建了多少个公园？"), list[0]!, { termsOf });
    // Exactly the scorer's features: a check that scored under another name would go unweighed.
    expect(Object.keys(features).sort()).toEqual([...FEATURES].sort());
    expect(Object.values(features).every((v) => Number.isFinite(v))).toBe(true);
    expect(failed?.check).toBe("year");
  });
});
