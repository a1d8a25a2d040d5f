// The document profile on small documents written for this test: two provinces' reports of one
// genre must differ by their dominant place; common words that jieba tags as places are not
// places; organisations, years (民國 years included) and path words come out as a reader would say.
import { describe, expect, it } from "vitest";
import { buildProfile, namesIn, pathWords, yearsIn } from "../../src/ingest/profile.js";
import { emptyProfile, parseProfile } from "../../src/store/document-profile.js";

/** A provincial work report: the same genre and wording, only the province differs. */
function workReport(province: string, city: string): string {
  return [
    `2024年${province}政府工作报告`,
    `——2024年1月20日在${province}第十四届人民代表大会第二次会议上`,
    "各位代表：",
    `现在，我代表${province}人民政府，向大会报告政府工作，请予审议。`,
    `2023年，全省经济运行持续向好，城市建设和乡村振兴协同推进，${city}等地新建学校三百所。`,
    `${province}将继续推进城市更新，建设美丽乡村，${province}全年地区生产总值增长百分之五。`,
    `2024年，${province}要着力扩大内需，支持${city}建设区域中心城市。`,
  ].join("\n");
}

describe("buildProfile", () => {
  it("gives two provinces' reports of one genre different dominant places", () => {
    const jiangsu = buildProfile({ title: "政府工作报告", text: workReport("江苏省", "南京市"), source: "/docs/report-a.txt" });
    const zhejiang = buildProfile({ title: "政府工作报告", text: workReport("浙江省", "杭州市"), source: "/docs/report-b.txt" });
    expect(jiangsu.places[0]?.name).toBe("江苏省");
    expect(zhejiang.places[0]?.name).toBe("浙江省");
    expect(jiangsu.titlePlaces.map((p) => p.name)).toContain("江苏省");
    expect(zhejiang.titlePlaces.map((p) => p.name)).not.toContain("江苏省");
    expect(jiangsu.places.map((p) => p.name)).toContain("南京市");
    // Most dominant first, weights are shares of all place mentions.
    expect(jiangsu.places[0]!.count).toBeGreaterThan(jiangsu.places[1]!.count);
    expect(jiangsu.places.reduce((sum, p) => sum + p.weight, 0)).toBeLessThanOrEqual(1.01);
    expect(jiangsu.organisations.map((o) => o.name)).toContain("江苏省人民政府");
    expect(jiangsu.titleOrganisations.map((o) => o.name)).toContain("江苏省人民代表大会");
    expect(jiangsu.years[0]).toMatchObject({ year: 2024 });
    expect(jiangsu.titleYears[0]).toBe(2024);
  });

  it("does not take common words that jieba tags as places (城市, 美丽, 新建) for places", () => {
    const profile = buildProfile({ title: "报告", text: workReport("江苏省", "南京市"), source: "/x.txt" });
    const places = profile.places.map((p) => p.key);
    for (const common of ["城市", "美丽", "新建", "乡村"]) expect(places).not.toContain(common);
  });

  it("counts a place with and without its suffix as one, shown as written most often", () => {
    const text = "陕西省物价局批准了收费标准。陕西省内的用户可以选择套餐。陕西的有线电视用户增加了。";
    const profile = buildProfile({ title: "", text, source: "/x.txt" });
    expect(profile.places[0]).toMatchObject({ name: "陕西省", key: "陕西省", count: 3 });
  });

  it("keeps the traditional script of a traditional document and folds its key", () => {
    const text = "內政部公告：外國人在臺灣地區居留，應向內政部申請。中華民國國民之配偶，得申請居留。";
    const profile = buildProfile({ title: "居留辦法", text, source: "/x.md" });
    expect(profile.organisations[0]).toMatchObject({ name: "內政部", key: "内政部" });
    expect(profile.places.map((p) => p.name)).toContain("臺灣地區");
  });

  it("finds English organisations and places, not sentence-initial words or people", () => {
    const text = [
      "The Riverton Port Administration (RPA) said on Monday that ferry traffic in Jamaica grew again.",
      "Ferries carried 1.2 million passengers across Jamaica in 2022, the RPA said.",
      "Executive Director of the Harbour Users Association, Ana Ruiz, welcomed the figures.",
      "Registration for the conference in Kingston is open, said Minister of Transport Paul Grant.",
    ].join("\n");
    const profile = buildProfile({ title: "Ferry traffic grows", text, source: "https://news.example.org/2022/ferry-traffic-grows.html" });
    expect(profile.organisations[0]).toMatchObject({ name: "Riverton Port Administration", count: 2 });
    expect(profile.organisations.map((o) => o.name)).toContain("Harbour Users Association");
    expect(profile.places[0]).toMatchObject({ name: "Jamaica", count: 2 });
    const all = [...profile.places, ...profile.organisations].map((n) => n.name);
    for (const noise of ["Registration", "Ferries", "Ana Ruiz", "Paul Grant", "Monday"]) expect(all).not.toContain(noise);
    expect(profile.pathWords).toEqual(["2022", "ferry", "traffic", "grows"]);
  });
});

describe("years", () => {
  it("reads Gregorian, Chinese-digit and Republic-of-China years as four digits", () => {
    expect(yearsIn("2023年 二〇二四年 民國113年 民國 112 年 12 月 28 日")).toEqual([2023, 2024, 2024, 2023]);
    // In a text that counts in 民國 years, a bare three-digit or numeral year of a date is one too.
    expect(yearsIn("中華民國一百十二年十二月二十八日修正，自一百十三年三月一日施行。")).toEqual([2023, 2024]);
    // Without 民國, 113年 is just a number of years.
    expect(yearsIn("该项目已经运行113年。")).toEqual([]);
  });

  it("skips identifiers, amounts and counted things but keeps dates and bare years", () => {
    expect(yearsIn("AD 2018–23–51 and Docket FAA–2020–0686 cost $2019; issued 2019-04-08, effective in 2020.")).toEqual([2019, 2020]);
    expect(yearsIn("退租 2000 户，床位2000张，2019至2020年")).toEqual([2019, 2020]);
  });
});

describe("path words and names", () => {
  it("splits a file name or URL path into folded words", () => {
    expect(pathWords("/data/北京市生活垃圾管理条例(2020-09-25).md")).toEqual(["北京市", "生活", "垃圾", "管理条例", "2020"]);
    expect(pathWords("/docs/beijing-government-work-report-2024.pdf")).toEqual(["beijing", "government", "work", "report", "2024"]);
  });

  it("merges a place and the congress that follows it, past the congress's term", () => {
    const names = namesIn("上海市第十五届人民代表大会第二次会议通过");
    expect(names).toContainEqual({ kind: "organisation", name: "上海市人民代表大会", key: "上海市人民代表大会" });
  });
});

describe("stored profiles", () => {
  it("read back whole, and a missing or broken one reads as empty", () => {
    const profile = buildProfile({ title: "政府工作报告", text: workReport("江苏省", "南京市"), source: "/x.txt", date: "2024-01-20" });
    expect(parseProfile(JSON.stringify(profile))).toEqual(profile);
    expect(parseProfile(null)).toEqual(emptyProfile());
    expect(parseProfile("{not json")).toEqual(emptyProfile());
    expect(parseProfile('{"places":[{"name":1}],"years":[{"year":"x"}]}')).toEqual(emptyProfile());
  });

  it("keep the short forms the document defines, and read malformed ones as none", () => {
    const profile = buildProfile({
      title: "Harbour Charter",
      text: "The Safety Review Panel (“SRP”) reports yearly. The SRP has seven members.",
      source: "/charter.md",
    });
    expect(profile.abbreviations).toEqual([{ short: "SRP", long: "Safety Review Panel" }]);
    expect(parseProfile(JSON.stringify(profile)).abbreviations).toEqual(profile.abbreviations);
    expect(parseProfile('{"abbreviations":[{"short":1},"x"]}').abbreviations).toEqual([]);
  });
});
