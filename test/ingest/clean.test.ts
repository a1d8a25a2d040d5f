import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanText, closeLetterSpacing, isPageChrome, isPageNumberLine, isPinyinNote, removePinyinNotes } from "../../src/ingest/clean.js";
import { splitSentences } from "../../src/text/sentences.js";
import { SAMPLE_SPEECH } from "../helpers/temp.js";

// A scraped page written for this test: spam keywords, slogan, breadcrumb, metadata, a teaser
// that repeats the opening, pinyin notes, real parentheticals, then footer and disclaimer.
const SCRAPED = [
  "免费电影下载,在线小说阅读,热门游戏攻略,明星八卦新闻",
  "",
  "学习资料 > 工作报告 > 市卫生局2021年工作总结",
  "",
  "市卫生局2021年工作总结",
  "",
  "来源:本站 | 发布时间:2021-12-30 | 作者:办公室",
  "",
  "市卫生局2021年工作总结 摘要:",
  "",
  "2021年,全市卫生系统扎实推进医疗改革,新建社区卫生服务中心12个,基层首诊率达到65%。下面汇报三方面",
  "",
  "一、主要成绩",
  "",
  "2021年,全市卫生系统扎实推进医疗改革,新建社区卫生服务中心12个,基层首诊率达到65%。下面汇报三方面情况。",
  "",
  "(一)医疗服务能力提升。全市三级医院达到9家(含2家专科医院),床位总数增加1200张。當(dāng)前重点是完善分级诊疗(e.g. 家庭医生签约),签约率达到45.6%。",
  "",
  "(二)公共卫生体系健全。疫苗接种率保持在98%以上。",
  "",
  "市卫生局2021年工作总结 关键词:卫生局,工作总结,医疗,改革",
  "",
  "免责声明:本文来自网络,版权归原作者所有,如有侵权请联系我们删除。",
  "原文链接:https://example.org/articles/123.html",
  "热门推荐",
].join("\n");

function sentencesOf(text: string): string[] {
  return splitSentences(text).map((s) => s.text);
}

describe("pinyin notes", () => {
  it("recognises toned pinyin and rejects ordinary bracketed words", () => {
    expect(isPinyinNote("dāng")).toBe(true);
    expect(isPinyinNote("xué")).toBe(true);
    expect(isPinyinNote("zhong1")).toBe(true);
    expect(isPinyinNote("XX")).toBe(false);
    expect(isPinyinNote("an")).toBe(false); // no tone: could be an English word
    expect(isPinyinNote("e.g. note")).toBe(false);
  });

  it("removes readings after Han characters but keeps real parentheticals", () => {
    expect(removePinyinNotes("當(dāng)前任務(wù)")).toBe("當前任務");
    expect(removePinyinNotes("（一）建設(XX)學校(含2所)")).toBe("（一）建設(XX)學校(含2所)");
    expect(removePinyinNotes("縣(區)和(e.g. 鄉鎮)")).toBe("縣(區)和(e.g. 鄉鎮)");
  });
});

describe("cleanText on a scraped page", () => {
  const result = cleanText(SCRAPED);

  it("drops spam keywords, breadcrumb, metadata, keyword labels, footer and disclaimer", () => {
    expect(result.text).not.toContain("免费电影");
    expect(result.text).not.toContain("学习资料 >");
    expect(result.text).not.toContain("发布时间");
    expect(result.text).not.toContain("关键词");
    expect(result.text).not.toContain("免责声明");
    expect(result.text).not.toContain("https://");
    expect(result.text).not.toContain("热门推荐");
  });

  it("finds the title the page repeats", () => {
    expect(result.title).toBe("市卫生局2021年工作总结");
  });

  it("drops the teaser but keeps the full opening once", () => {
    const occurrences = result.text.split("新建社区卫生服务中心12个").length - 1;
    expect(occurrences).toBe(1);
    expect(result.text).toContain("下面汇报三方面情况。");
  });

  it("keeps a review sentence that a later plan sentence echoes with other figures", () => {
    const report = [
      "# Parks report",
      "",
      "## Review",
      "",
      "The city opened 12 pocket parks across its districts.",
      "",
      "## Plans",
      "",
      "The city opened talks to add 20 pocket parks across its districts.",
      "",
    ].join("\n");
    const cleaned = cleanText(report).text;
    expect(cleaned).toContain("opened 12 pocket parks");
    expect(cleaned).toContain("add 20 pocket parks");
  });

  it("keeps every content sentence, headings and real parentheticals", () => {
    for (const sentence of ["全市三级医院达到9家(含2家专科医院),床位总数增加1200张。", "疫苗接种率保持在98%以上。", "一、主要成绩", "(一)医疗服务能力提升。"]) {
      expect(result.text).toContain(sentence);
    }
    expect(result.text).toContain("當前重点是完善分级诊疗(e.g. 家庭医生签约),签约率达到45.6%。");
  });

  it("is idempotent", () => {
    expect(cleanText(result.text).text).toBe(result.text);
  });
});

describe("cleanText on the bundled sample speech", () => {
  const raw = fs.readFileSync(SAMPLE_SPEECH, "utf8");
  const result = cleanText(raw);

  it("leaves no pinyin note, no spam line, no footer", () => {
    expect(result.text).not.toMatch(/\p{Script=Han}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/u);
    const firstLine = raw.split("\n")[0]!;
    expect(result.text).not.toContain(firstLine);
    expect(result.text).not.toMatch(/https?:\/\//);
    expect(result.text).not.toMatch(/免責聲明|轉載/);
  });

  it("keeps every sentence of the body (pinyin notes aside)", () => {
    // From the line after "…本文內容:" to the line before the keyword footer.
    const body = raw.slice(raw.indexOf("本文內(nèi)容:"), raw.lastIndexOf("\n", raw.indexOf("本文關(guān)鍵詞")));
    const cleanedBody = removePinyinNotes(body);
    const kept = result.text.replace(/\s+/g, "");
    const lines = cleanedBody
      .split("\n")
      .slice(1)
      .filter((l) => l.trim().length > 0);
    let lost = 0;
    for (const line of lines) {
      for (const sentence of sentencesOf(line.trim())) {
        if (sentence.length > 8 && !kept.includes(sentence.replace(/\s+/g, ""))) lost++;
      }
    }
    expect(lines.length).toBeGreaterThan(10);
    expect(lost).toBe(0);
  });
});

describe("cleanText on structured documents", () => {
  it("keeps a last section of short list items and headings after the final sentence", () => {
    const text = [
      "# Annual report",
      "The library served 12,000 members this year and opened a new branch in the east of the city.",
      "## Plans for next year",
      "- Two new reading rooms",
      "- Longer weekend hours",
      "## Contact",
    ].join("\n\n");
    const cleaned = cleanText(text).text;
    expect(cleaned).toContain("- Two new reading rooms");
    expect(cleaned).toContain("- Longer weekend hours");
    expect(cleaned).toContain("## Plans for next year");
  });
});

describe("cleanText keeps what the body says twice on purpose", () => {
  it("keeps articles of a regulation that repeat each other's wording with other figures and references", () => {
    const articles = [
      "# 河城市停车管理条例",
      // The same fine for different violations: only the article and item referred to differ.
      "第十条 停车场经营者违反本条例第五条第一款第（一）项规定的，由城市管理部门责令限期改正，处1000元以上1万元以下罚款。",
      "第十一条 停车场经营者违反本条例第五条第一款第（二）项规定的，由城市管理部门责令限期改正，处1000元以上1万元以下罚款。",
      "第十二条 停车场经营者违反本条例第六条第一款第（三）项规定的，由城市管理部门责令限期改正，处1000元以上1万元以下罚款。",
      "第十三条 公共停车场的经营管理单位和停车设施的管理责任人应当遵守下列规定：",
      "第十四条 居住区停车设施的管理责任人和公共停车场的经营管理单位应当遵守下列规定：",
    ];
    const cleaned = cleanText(articles.join("\n\n")).text;
    for (const article of articles.slice(1)) expect(cleaned).toContain(article);
  });

  it("keeps table rows that differ by one figure and identical answers to two questions", () => {
    const page = [
      "# Ferry fares",
      "The fares below apply to every crossing operated by the harbour company from 1 March.",
      "| Ticket | Distance | Fare |",
      "| Single | more than 10 km | 30 |",
      "| Single | not more than 10 km | 18 |",
      "Q1: Do children under three pay a fare when travelling with an adult?",
      "No. Children under three travel free of charge on every crossing of the harbour company.",
      "Q2: Do children under three need a ticket of their own for the night crossing?",
      "No. Children under three travel free of charge on every crossing of the harbour company.",
      "Q3: Can I pay on board? Yes, by card or in cash at the ticket desk on the upper deck.",
    ].join("\n\n");
    const cleaned = cleanText(page).text;
    expect(cleaned).toContain("| Single | more than 10 km | 30 |");
    expect(cleaned).toContain("| Single | not more than 10 km | 18 |");
    expect(cleaned.split("No. Children under three travel free").length - 1).toBe(2);
  });

  it("keeps a cost table whose rows are mostly leader dots", () => {
    const table = [
      "The proposed rule would affect 73 boats registered in the harbour district and would cost owners the following.",
      "Engine check .. 1 work-hour × $85 per hour = $85 ...... $0 .......................... $85 ........................ $6,205.",
      "$0 .......................... $3,400 ................... $248,200.",
      "The board estimates that the total cost of the rule to all owners would be about $254,405 in its first year.",
    ];
    const cleaned = cleanText(table.join("\n\n")).text;
    expect(cleaned).toContain("$6,205.");
    expect(cleaned).toContain("$248,200.");
  });
});

describe("cleanText on a page saved as text", () => {
  // A law page as a collector saved it: its header, the site menu one item a line, the page's
  // scripts, a toolbar, the law, then the site's footer menu, counters and disclaimer.
  const dump = [
    "# 港口法-法規資料庫",
    "Source: https://law.example.gov/LawAll.aspx?pcode=X0001",
    "Fetched (UTC): 2026-01-20T05:33:46Z",
    "HTTP status: 200",
    "港口法-法規資料庫",
    "window.dataLayer = window.dataLayer || [];",
    "function gtag() { dataLayer.push(arguments); }",
    "跳至主要內容",
    ...["網站導覽", "會員登入", "最新訊息", "中央法規", "司法解釋", "條約協定", "熱門法規"],
    "下載 友善列印 分享 收藏 【字型：大 中 小】",
    '$(".share-bar a").on("click keypress", function (event) {',
    'if (Type != "PDF")',
    "else",
    "return false;",
    "});",
    "法規名稱：",
    "港口法",
    "修正日期：",
    "民國 113 年 05 月 24 日",
    "第 1 條",
    "本法所稱之港口，指依本法設置並經主管機關公告之商港，其範圍由主管機關會同有關機關劃定之。",
    "第 2 條",
    "港口之經營管理，由港務機關為之；港務機關之組織，另以法律定之。港口設施之興建與維護，由港務機關辦理。",
    ...["網站使用說明", "會員服務介紹", "法規資料檢索範圍", "資料更新頻率說明", "訂閱電子報", "相關網站"],
    "瀏覽人次總計",
    "1,529,824,197人",
    "本網站係提供法規之最新動態資訊及資料檢索，並不提供法規及法律諮詢之服務。",
    "回上方",
  ].join("\n");
  const result = cleanText(dump);
  const kept = result.text.split("\n\n");

  it("keeps every article and the amendment date", () => {
    expect(kept).toContain("民國 113 年 05 月 24 日");
    expect(result.text).toContain("第 1 條\n\n本法所稱之港口，指依本法設置並經主管機關公告之商港，其範圍由主管機關會同有關機關劃定之。");
    expect(result.text).toContain("港口設施之興建與維護，由港務機關辦理。");
  });

  it("drops the collector's header, scripts, menus, toolbar, counters and disclaimer", () => {
    for (const chrome of [
      "Fetched",
      "HTTP status",
      "dataLayer",
      "function",
      "網站導覽",
      "熱門法規",
      "友善列印",
      "else",
      "return false;",
      "網站使用說明",
      "相關網站",
      "1,529,824,197人",
      "本網站",
      "回上方",
      "跳至主要內容",
    ]) {
      expect(result.text, chrome).not.toContain(chrome);
    }
    expect(result.removed.find((r) => r.line === "網站導覽")?.reason).toBe("navigation");
    expect(result.removed.find((r) => r.line.startsWith("function gtag"))?.reason).toBe("code");
  });
});

describe("page numbers of running headers and footers", () => {
  it("knows a page-number line in English and Chinese, and nothing else", () => {
    for (const line of [
      "Page 1 of 4",
      "PAGE 12",
      "page 3",
      "Pg. 7",
      "- 3 -",
      "— 12 —",
      "3 / 12",
      "第1页",
      "第 1 页 共 4 页",
      "共4页 第1页",
      "第1頁，共4頁",
      "第三页",
    ]) {
      expect(isPageNumberLine(line), line).toBe(true);
      expect(isPageChrome(line), line).toBe(true);
    }
    for (const line of [
      "Page 1 of 4 shows the runway layout.",
      "Pages 1-4",
      "3/12",
      "12",
      "第1章",
      "共4人",
      "See page 3 for the fees.",
      "第1页的表格列出了费用",
    ]) {
      expect(isPageNumberLine(line), line).toBe(false);
    }
  });

  it("takes a bare figure for a page number only where a loader knows the page's edge is", () => {
    for (const line of ["12", "3 of 4", "3/4", "page -3"]) {
      expect(isPageNumberLine(line), line).toBe(false);
      expect(isPageNumberLine(line, true), line).toBe(true);
    }
    expect(isPageNumberLine("12 parks", true)).toBe(false);
  });

  it("drops the running footer and header of a paginated text, and keeps lines that only repeat", () => {
    const page = (n: number): string[] => [
      `The server answers request ${n} with a status code and stores the document it was given.`,
      "Note: the tables below list every field.",
      "參數 參數名稱 型態 說明 備註",
      `第 ${n} 條`,
      "",
      `de Jong Expires June 2015 [Page ${n}]`,
      "",
      "Internet-Draft remoteStorage December 2014",
      "",
    ];
    const result = cleanText([...[1, 2, 3, 4].flatMap(page), "The last page ends with this sentence of the body."].join("\n"));
    const running = result.removed.filter((r) => r.reason === "running header").map((r) => r.line);
    expect(running).toContain("de Jong Expires June 2015 [Page 3]");
    expect(running).toContain("Internet-Draft remoteStorage December 2014");
    expect(result.text).not.toMatch(/\[Page \d\]|Internet-Draft/);
    // A note, a table's header row and article numbers repeat, but change no page number.
    expect(result.text.match(/Note: the tables below/g)).toHaveLength(4);
    expect(result.text.match(/參數名稱 型態/g)).toHaveLength(4);
    expect(result.text).toContain("第 3 條");
    expect(result.text).toContain("request 3 with a status code");
  });

  it("keeps table cells whose numbers do not count pages", () => {
    const rows = ["依 98 年第 1 次會議決議辦理", "依 98 年第 3 次會議決議辦理", "依 99 年第 2 次會議決議辦理"].flatMap((row) => [row, "審議通過"]);
    expect(cleanText(rows.join("\n")).removed.filter((r) => r.reason === "running header")).toEqual([]);
  });

  it("joins the wrapped lines of a list item, not those of a heading", () => {
    const text = cleanText(
      [
        "The server should use these status codes in practice:",
        "* 401 for all requests that do not have a bearer token with",
        "sufficient permissions,",
        "* 507 in case the account is over its storage quota.",
      ].join("\n"),
    ).text;
    expect(text).toContain("* 401 for all requests that do not have a bearer token with sufficient permissions,");
    expect(text).toMatch(/\n\* 507 in case/);
  });

  it("drops them from the text wherever a page break fell, and keeps the sentences around them", () => {
    const text = [
      "Page 1 of 2",
      "Aviation Investigation Final Report",
      "The pilot reported that during the landing roll the airplane veered to the left and struck a runway sign",
      "page 2",
      "and the left wing was substantially damaged. The pilot held a private pilot certificate.",
      "第 2 页 共 2 页",
    ].join("\n");
    const result = cleanText(text);
    expect(result.removed.filter((r) => r.reason === "page number").map((r) => r.line)).toEqual(["Page 1 of 2", "page 2", "第 2 页 共 2 页"]);
    expect(result.text).toContain("struck a runway sign");
    expect(result.text).toContain("the left wing was substantially damaged.");
    expect(result.text).not.toMatch(/page \d|第 2 页/i);
  });
});

describe("Chinese text hard-wrapped at a fixed width", () => {
  // A council record saved as text, wrapped every 30 characters or so, figures and quotes included
  // (written for this test).
  const record = [
    "議員問及河城港區的停車安排時，局長回應說，局方已經完成了第一階段的",
    "檢討工作，並會在下一個財政年度內推出新的收費方案，以改善現時的情況",
    "。根據運輸署的統計，過去三年，港區公眾停車位的每日平均使用率只有大",
    "約六成，而區內登記的私家車數目已經增加到",
    "4 500輛，這些數字說明供應並非主要問題。局長又表示，局方會與商會合作，",
    "“停車易 ”計劃的申請程序已經簡化，這當然亦有賴前線同事的努力配合。",
  ].join("\n");

  it("joins a line that starts with a figure or a quote to the sentence it continues", () => {
    const { text } = cleanText(record);
    const sentences = splitSentences(text).map((s) => s.text);
    expect(sentences.some((s) => s.includes("已經增加到4 500輛，這些數字說明供應並非主要問題。"))).toBe(true);
    expect(sentences.some((s) => s.endsWith("局方會與商會合作，“停車易 ”計劃的申請程序已經簡化，這當然亦有賴前線同事的努力配合。"))).toBe(true);
  });

  it("keeps a short title or toolbar line apart from a paragraph that starts with a year", () => {
    const page = [
      "河城市政府工作报告全文发布：聚焦民生实事稳步推进打印本页关闭窗口",
      "2026年全市经济运行总体平稳，地区生产总值比上年增长百分之五点五，城乡居民收入稳步增长，就业形势保持稳定，全市上下凝心聚力，各项事业取得新的进展。",
      "全年新增城镇就业人数达到八万人，城镇调查失业率保持在百分之五点五以内，居民消费价格涨幅控制在百分之二以内，财政收支保持平衡，各项民生政策落实到位。",
    ].join("\n");
    const { text } = cleanText(page);
    expect(text).toMatch(/^2026年全市经济运行总体平稳/m);
  });
});

describe("letter-spaced Chinese", () => {
  it("closes the spaces a justified PDF puts between characters, keeping those beside figures", () => {
    const { text } = cleanText(`本 會 本 年 度 的 會 費 收 入 為 1,250,000 港 元 。\n股 息\n${"理 事 會 建 議 下 年 度 會 費 維 持 不 變 。\n".repeat(3)}`);
    expect(text).toContain("本會本年度的會費收入為 1,250,000 港元。");
    expect(text).toContain("股息");
  });
  it("leaves ordinary text and Latin letters alone", () => {
    expect(closeLetterSpacing(["我们 的 工作是城市管理工作的重点", "A B C"])).toEqual(["我们 的 工作是城市管理工作的重点", "A B C"]);
  });
});

describe("sentence ends", () => {
  it("does not end a sentence at a name's initial", () => {
    const sentences = splitSentences("The report was signed by Anna K. van Dijk of Harbour Works. It runs to ten pages.").map((s) => s.text);
    expect(sentences).toEqual(["The report was signed by Anna K. van Dijk of Harbour Works.", "It runs to ten pages."]);
    expect(splitSentences("Contact: J. Smith, Ltd. office.").map((s) => s.text)).toHaveLength(1);
  });
});
