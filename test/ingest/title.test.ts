// The title a document is shown by, on openings written for this test that reproduce what real
// documents do: a toolbar above the title, an agenda set in short lines above its date and items,
// a bulletin below a breadcrumb, a work report titled only by its genre, a case whose first
// heading is its holding, metadata that names something else, a site name after the title.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestPaths, prepareDocument } from "../../src/ingest/ingest.js";
import { chooseTitle, enrichGenericTitle, humaniseFileName, isGenericTitle, withoutSiteName, withoutTitleLabel } from "../../src/ingest/title.js";
import { isPlaceholderTitle } from "../../src/ingest/metadata.js";
import { Store } from "../../src/store/store.js";
import { tempDir } from "../helpers/temp.js";

const BODY = "全年完成地区生产总值四万亿元，比上年增长百分之五点二，城镇调查失业率保持在百分之四点四，居民收入与经济增长同步。";

describe("titles past toolbars, breadcrumbs and menus", () => {
  it("finds the title under a toolbar line instead of falling back to the file name", () => {
    const text = ["下载 打印 全屏 收藏 【字号：加大 还原 减小】", "河城市2023年国民经济和社会发展统计公报", BODY].join("\n\n");
    expect(chooseTitle({ text, fallback: "tjgb-2023" })).toBe("河城市2023年国民经济和社会发展统计公报");
  });

  it("finds a bulletin's title under a breadcrumb and a menu", () => {
    const text = [
      "首页 > 数据发布 > 统计公报",
      "网站首页",
      "机构设置",
      "政务公开",
      "办事服务",
      "互动交流",
      "河城市2023年国民经济和社会发展统计公报",
      BODY,
    ].join("\n");
    expect(prepareDocument({ text }, "tjgb-2023").title).toBe("河城市2023年国民经济和社会发展统计公报");
  });

  it("titles an agenda by its title lines and date, not by an item it repeats", () => {
    const text = [
      "A 14/15-03",
      "河城議會",
      "議程",
      "2015年3月4日星期三上午11時正",
      "I. 提交文件",
      "1. 第7號 ─ 河城基金",
      "截至2014年8月31日止年度的財務報表",
      "2. 第8號 ─ 港口基金",
      "截至2014年8月31日止年度的財務報表",
      "3. 第9號 ─ 公園基金",
      "截至2014年8月31日止年度的財務報表",
    ].join("\n\n");
    expect(prepareDocument({ text }, "agenda").title).toBe("河城議會議程 2015年3月4日星期三上午11時正");
  });
});

describe("the main heading over a sub-heading", () => {
  it("prefers a heading that names the document to one that reads like a sentence", () => {
    const text = ["# 经营者捆绑收费，侵害了消费者的选择权", "## 张三诉河城有线电视公司捆绑交易纠纷案", "## 裁判要点", BODY].join("\n\n");
    expect(chooseTitle({ declared: "经营者捆绑收费，侵害了消费者的选择权", text, fallback: "case" })).toBe("张三诉河城有线电视公司捆绑交易纠纷案");
  });

  it("closes up a letter-spaced heading of a justified PDF", () => {
    const text = ["河 城 控 股 有 限 公 司 全 年 業 績 公 告", BODY].join("\n\n");
    expect(chooseTitle({ declared: "河 城 控 股 有 限 公 司 全 年 業 績 公 告", text, fallback: "results" })).toBe("河城控股有限公司全年業績公告");
  });

  it("keeps the outer heading when both name the document", () => {
    const text = ["# 河城图书馆2023年年报", "## 一、概况", BODY].join("\n\n");
    expect(chooseTitle({ text, fallback: "report" })).toBe("河城图书馆2023年年报");
  });

  it("takes the subject of a rule set in a header of agency lines and identifiers", () => {
    const text = [
      "This section of the register contains notices to the public of proposed rules, so that interested persons can comment.",
      "Proposed Rules Riverton Register 31208",
      "Vol. 12, No. 87",
      "DEPARTMENT OF HARBOURS",
      "Riverton Port Administration",
      "[Docket No. RPA-2021-0042]",
      "Mooring Directives; Small Craft in the Inner Basin",
      "AGENCY: Riverton Port Administration (RPA).",
    ].join("\n\n");
    expect(chooseTitle({ text, fallback: "register-2021" })).toBe("Mooring Directives; Small Craft in the Inner Basin");
  });
});

describe("titles the format declares", () => {
  it("cuts the site's name off a page title", () => {
    expect(withoutSiteName("港口法-法規資料庫")).toBe("港口法");
    expect(withoutSiteName("Ferry Fares | Harbour Department")).toBe("Ferry Fares");
    expect(withoutSiteName("2019-2020年度报告")).toBe("2019-2020年度报告");
    expect(withoutSiteName("Riverton Library Annual Report — Year in Review")).toBe("Riverton Library Annual Report — Year in Review");
  });

  it("keeps a page title whose initials end in full stops: they end no sentence", () => {
    const text = ["資訊科技學習，目的是提供不同的活動。", "目的", BODY].join("\n\n");
    expect(chooseTitle({ declared: "河城聖保羅小學 S.P.H. Riverton Primary School", text, fallback: "page" })).toBe(
      "河城聖保羅小學 S.P.H. Riverton Primary School",
    );
    expect(chooseTitle({ declared: "Riverton Ferry Co. Ltd. Annual Review", text: `Annual Review\n\n${BODY}`, fallback: "x" })).toBe(
      "Riverton Ferry Co. Ltd. Annual Review",
    );
  });

  it("prefers the text's own title to file metadata the text never says", () => {
    const text = ["河城市議會小組委員會（電郵：panel@example.org)", "各位委員：", "河城渡輪公司就「渡輪服務的規管細節」提交意見書", BODY].join("\n\n");
    expect(chooseTitle({ declared: "Subcommittee on Ferry Services", declaredFromMetadata: true, text, fallback: "submission" })).toBe(
      "河城渡輪公司就「渡輪服務的規管細節」提交意見書",
    );
    // Metadata that the text bears out stays.
    expect(chooseTitle({ declared: "河城渡輪公司意見書", declaredFromMetadata: true, text: `河城渡輪公司意見書\n\n${BODY}`, fallback: "x" })).toBe(
      "河城渡輪公司意見書",
    );
  });
});

describe("the title heading", () => {
  it("of a page saved as text cites the title, not the site's name after it", () => {
    const text = ["# 港口法-法規資料庫", "第 1 條", "本法所稱之港口，指依本法設置並經主管機關公告之商港，其範圍由主管機關會同有關機關劃定之。"].join("\n\n");
    const prepared = prepareDocument({ text, title: "港口法-法規資料庫" }, "port-law");
    expect(prepared.title).toBe("港口法");
    expect(prepared.chunks[0]?.headingPath).toEqual(["港口法"]);
  });

  it("stays the root of every passage's path, even when the title recurs in the text", () => {
    const law = (amended: boolean): string =>
      [
        "# 河城市停车管理条例",
        amended ? "根据《关于修改〈河城市停车管理条例〉的决定》修正" : "2019年1月31日河城市人民代表大会通过",
        "## 第一章 总则",
        "第一条 为了加强停车管理，改善交通秩序，制定本条例。",
      ].join("\n\n");
    for (const amended of [false, true]) {
      const chunks = prepareDocument({ text: law(amended), title: "河城市停车管理条例" }, "law").chunks;
      expect(chunks.find((c) => c.text.includes("第一条"))?.headingPath).toEqual(["河城市停车管理条例", "第一章 总则"]);
    }
  });

  it("stays, and a menu trail that ends in the title goes", () => {
    const text = [
      "# Ferry Fares for Island Residents | Harbour Department",
      "Print Home Useful Information Topical Issues Ferry Fares for Island Residents",
      "Island residents pay half the standard fare on every crossing of the harbour ferries from 1 March.",
    ].join("\n\n");
    const prepared = prepareDocument({ text, title: "Ferry Fares for Island Residents | Harbour Department" }, "fares");
    expect(prepared.chunks.map((c) => c.headingPath)).toEqual([["Ferry Fares for Island Residents"]]);
    expect(prepared.cleanedText).not.toContain("Topical Issues");
  });
});

describe("generic titles get their place", () => {
  it("knows a title of genre words only", () => {
    expect(isGenericTitle("政府工作报告")).toBe(true);
    expect(isGenericTitle("2024年政府工作报告")).toBe(true);
    expect(isGenericTitle("Annual Report 2023")).toBe(true);
    expect(isGenericTitle("浙江省政府工作报告")).toBe(false);
  });

  it("takes the fuller title line of the opening", () => {
    expect(enrichGenericTitle("政府工作报告", ["政府工作报告", "2024年浙江省政府工作报告", "各位代表："])).toBe("2024年浙江省政府工作报告");
  });

  it("puts the place and year of the speaker line in front", () => {
    const text = ["政府工作报告", "——2024年1月23日在浙江省第十四届人民代表大会第二次会议上", "各位代表：", BODY].join("\n\n");
    expect(chooseTitle({ declared: "政府工作报告", text, fallback: "report" })).toBe("2024年浙江省政府工作报告");
  });

  it("names the body of an English report", () => {
    const text = ["Annual Report 2023", "This report was prepared by the Riverton Public Library Board for the city council and the people of Riverton."].join(
      "\n\n",
    );
    expect(chooseTitle({ text, fallback: "report" })).toBe("Riverton Public Library Board Annual Report 2023");
  });
});

// A PDF-like text written for this test: an accident report whose pages each end with a
// running footer ("Page 1 of 4"), which the text layer puts first. Its title names no genre, so
// only the rule that a page number is never a title keeps the footer from winning as the first line.
const REPORT_PAGES = [
  [
    "Page 1 of 4",
    "Runway Excursion of a Cessna 172S at Riverton",
    "Location: Riverton, Ohio Accident Number: CEN23LA101",
    "The pilot reported that during the landing roll the airplane veered to the left and struck a runway sign.",
  ].join("\n"),
  ["Page 2 of 4", "The airplane sustained substantial damage to the left wing. The pilot held a private pilot certificate."].join("\n"),
];

describe("a field label before a document's name", () => {
  it("is cut off the title", () => {
    const text = ["法規名稱：河城公共停車場管理條例", "修正日期：民國 111 年 05 月 11 日", BODY].join("\n\n");
    expect(chooseTitle({ text, fallback: "x" })).toBe("河城公共停車場管理條例");
    expect(withoutTitleLabel("Project Name: Harbour Ferry Renewal")).toBe("Harbour Ferry Renewal");
    // Other labels stay: "Sponsor:" names the sponsor, not the document.
    expect(withoutTitleLabel("Sponsor: Riverton Hospital")).toBe("Sponsor: Riverton Hospital");
  });
  it("makes a form's field line, or a table of contents, no title", () => {
    const text = ["河城市2025年区级部门预算", "# 预算主管部门：河城市商务委员会", "## 目 录", BODY].join("\n\n");
    expect(chooseTitle({ declared: "预算主管部门：河城市商务委员会", text, fallback: "x" })).toBe("河城市2025年区级部门预算");
  });
});

describe("page numbers are never titles", () => {
  it("even when the PDF declares one as its first heading", () => {
    const text = REPORT_PAGES.join("\n");
    expect(chooseTitle({ declared: "Page 1 of 4", text, fallback: "cen23la101" })).toBe("Runway Excursion of a Cessna 172S at Riverton");
  });
  it("nor are metadata a PDF tool left unreadable, or a job number", () => {
    const text = REPORT_PAGES.join("\n");
    expect(isPlaceholderTitle("<4D6963726F736F667420576F7264202D2039>")).toBe(true);
    expect(isPlaceholderTitle("cgn2020245074")).toBe(true);
    expect(isPlaceholderTitle("DOM Pricing Model SVT Opt 1.1 5% increase 2%_Elec_7%Gas")).toBe(true);
    expect(isPlaceholderTitle("annual_report_final")).toBe(true);
    expect(isPlaceholderTitle("COVID-19 Response Plan")).toBe(false);
    expect(chooseTitle({ declared: "Background", text, fallback: "cen23la101" })).toBe("Runway Excursion of a Cessna 172S at Riverton");
    // A declared title may say "Copyright": only page chrome of the text is never a title.
    expect(
      chooseTitle({
        declared: "The Copyright Act of 1998",
        declaredFromMetadata: true,
        text: `The Copyright Act of 1998\n\n${REPORT_PAGES[1]}`,
        fallback: "x",
      }),
    ).toBe("The Copyright Act of 1998");
  });
  it("titles a report by its title line, not by the footer above it", () => {
    const text = REPORT_PAGES.join("\n");
    expect(chooseTitle({ text, fallback: "cen23la101" })).toBe("Runway Excursion of a Cessna 172S at Riverton");
  });

  it("titles a paged PDF text by its title line, and the footers leave the stored text", () => {
    const text = REPORT_PAGES.join("\n");
    const prepared = prepareDocument({ text, pageStarts: [0, REPORT_PAGES[0]!.length + 1] }, "cen23la101");
    expect(prepared.title).toBe("Runway Excursion of a Cessna 172S at Riverton");
    expect(prepared.cleanedText).not.toMatch(/Page \d of 4/);
    expect(prepared.cleanedText).toContain("struck a runway sign");
    expect(prepared.chunks.map((c) => c.page)).toContain(2);
  });

  it("passes over page-number lines of every common shape, above an English or a Chinese title", () => {
    const english = "The pilot reported that during the landing roll the airplane veered to the left and struck a runway sign.";
    for (const footer of ["Page 1 of 4", "page 3", "- 3 -", "3 / 12", "第1页", "第 1 页 共 4 页", "共4页 第1页", "第一頁"]) {
      const en = [footer, "Runway Excursion of a Cessna 172S at Riverton", english].join("\n");
      expect(chooseTitle({ text: en, fallback: "report" }), footer).toBe("Runway Excursion of a Cessna 172S at Riverton");
      const zh = [footer, "河城市中小学校园安全专项检查情况", BODY].join("\n");
      expect(chooseTitle({ text: zh, fallback: "report" }), footer).toBe("河城市中小学校园安全专项检查情况");
    }
  });
});

describe("front matter, contents and credits are never titles", () => {
  it("passes over a first heading that only names the preface, for the name the document opens with", () => {
    const text = ["# 前言", "《河城软件开发规约》是河城软件协会成员多年实践的总结，经历了多个大型项目的检验，现整理成册回馈开发者。", BODY].join("\n\n");
    expect(chooseTitle({ declared: "前言", text, fallback: "hecheng_dev_rules_v2" })).toBe("河城软件开发规约");
    expect(
      chooseTitle({
        text: ["Preface", "This handbook gathers what the Riverton guild learned over ten years.", BODY].join("\n\n"),
        fallback: "riverton-guild-handbook",
      }),
    ).toBe("Riverton Guild Handbook");
  });

  it("does not take a table of contents' entries or a contributor's credit line for the title", () => {
    const text = [
      "出版：河城開放協會",
      "王小明 / 河城開放協會研究員負責第一章",
      "關注開放資料與公民參與，曾任媒體編輯。",
      "# 目錄",
      "# 出版資訊",
      "# 開放資料",
      "# 法律與政策",
      BODY,
    ].join("\n\n");
    // Nothing in the opening names the report: the file name does.
    expect(chooseTitle({ text, fallback: "hecheng-open-report-2017" })).toBe("Hecheng Open Report 2017");
    // A bilingual title is no credit line.
    expect(chooseTitle({ text: ["年報 / Annual Report 2023", BODY].join("\n\n"), fallback: "report" })).toBe("年報 / Annual Report 2023");
  });
});

describe("the file name as a last resort", () => {
  it("spaces a slug's words and leaves other names alone", () => {
    expect(humaniseFileName("riverton-harbour-report-2024")).toBe("Riverton Harbour Report 2024");
    expect(humaniseFileName("港口年报2024")).toBe("港口年报2024");
    expect(humaniseFileName("Report_Final")).toBe("Report_Final");
  });

  it("is what a document without any title line is stored under", () => {
    const docs = tempDir();
    fs.writeFileSync(path.join(docs, "riverton-harbour-report-2024.txt"), `各位代表：\n\n${BODY}\n`);
    const store = Store.open(tempDir());
    try {
      ingestPaths(store, [docs], { maxFileBytes: 1e6 });
      expect(store.listDocuments().map((d) => d.title)).toEqual(["Riverton Harbour Report 2024"]);
    } finally {
      store.close();
    }
  });
});
