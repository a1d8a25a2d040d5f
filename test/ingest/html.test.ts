// Web pages keep their body: pages written for this test reproduce what real sites do — a CMS
// that wraps the article in a <form> with hidden fields, an article container that Readability
// takes for chrome, a long site footer, closed pop-ups — and the stored passages must hold the
// article's text, with a note in the ingest summary when the main-content pass was overruled.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { htmlToText, webPageToText } from "../../src/ingest/loaders/html.js";
import { Store } from "../../src/store/store.js";
import { tempDir } from "../helpers/temp.js";

const LIMIT = { maxFileBytes: 5 * 1024 * 1024 };

/** Forty numbered articles of an invented port law, each with its own fine. */
function articles(): string[] {
  return Array.from(
    { length: 40 },
    (_, i) =>
      `第${i + 1}条 为了规范河城港口的船舶停泊秩序，保障航行安全，港务机关应当依照本法划定第${i + 1}号停泊区域，并向社会公布其范围和使用规则，违反规定的处${(i + 1) * 100}元以下罚款。`,
  );
}

/**
 * A law on a university site: the CMS wraps the article in a <form> with hidden fields, writes
 * it as two <p>s full of <br>s inside a container whose class says "remark", and closes the page
 * with a footer long enough for Readability to settle on.
 */
function universityLawPage(): string {
  const law = articles();
  const half = (from: number, to: number): string => law.slice(from, to).join("<br>\n");
  const footer = [
    "版权所有：河城大学法学院，地址：河城市大学路1号，邮编：100000，电话：010-00000000，欢迎访问本站，本站内容仅供学习参考，转载请注明出处，感谢您的支持与关注。",
    "学院办公室，开放时间：周一至周五，上午八点至十二点，下午两点至五点，节假日休息，如有疑问，请通过电子邮件与我们联系，我们将在三个工作日内答复。",
    "本站由河城大学信息中心提供技术支持，建议使用最新版本的浏览器访问本站，以获得最佳的浏览效果，部分功能在旧版浏览器中可能无法正常使用。",
  ];
  return `<!doctype html><html><head><meta charset="utf-8"><title>河城港口管理法-河城大学法学院</title></head><body>
<div class="top"><a href="/">首页</a> <a href="/a">学院概况</a> <a href="/b">师资队伍</a> <a href="/c">招生就业</a></div>
<form name="_newscontent_fromname" method="post"><input type="hidden" name="a"><input type="hidden" name="b"><input type="hidden" name="c"><input type="hidden" name="d">
<div class="news_remark"><p>${half(0, 20)}</p><p>${half(20, 40)}</p></div></form>
<div class="bottom">${footer.map((p) => `<p>${p}</p>`).join("")}</div>
</body></html>`;
}

describe("a page whose main content Readability misses", () => {
  it("keeps every article, not the footer, and says so", () => {
    const page = webPageToText(universityLawPage());
    for (const article of articles()) expect(page.text).toContain(article);
    expect(page.note).toMatch(/^main content looked too small \(\d+% of the page's text\); kept the page's largest text block$/);
    expect(page.text).not.toContain("版权所有");
  });

  it("is stored with all its articles when ingested from a file, and the summary carries the note", () => {
    const docs = tempDir();
    fs.writeFileSync(path.join(docs, "port-law.html"), universityLawPage());
    fs.writeFileSync(path.join(docs, "broken.html"), Buffer.from([0, 159, 146, 150, 0, 0, 1, 2]));
    const store = Store.open(tempDir());
    try {
      const summary = ingestPaths(store, [docs], LIMIT);
      const doc = summary.documents.find((d) => d.path.endsWith("port-law.html"));
      expect(doc?.note).toMatch(/main content looked too small/);
      // One bad file is reported and does not stop the batch.
      expect(summary.failed.map((f) => path.basename(f.path))).toEqual(["broken.html"]);
      const stored = store.chunksOfDocument(store.listDocuments()[0]!.id);
      const text = stored.map((c) => c.text).join("\n");
      for (const article of articles()) expect(text).toContain(article);
      expect(stored.length).toBeGreaterThan(5);
    } finally {
      store.close();
    }
  });
});

describe("the title a page declares", () => {
  const paragraphs = [
    "全年全市实现地区生产总值1234.56亿元，按可比价格计算，比上年增长5.1%。",
    "年末全市常住人口250.1万人，比上年末减少0.6万人。",
    "全年城镇居民人均可支配收入41234元，比上年增长5.0%。",
  ];
  const page = (head: string, banner: string) =>
    `<html><head><meta charset="utf-8">${head}</head><body><div class="top"><h1>${banner}</h1></div>
<div class="article"><h1 class="article-title"><span>河城市2022年国民经济和社会发展统计公报</span></h1>${paragraphs.map((p) => `<p>${p}</p>`).join("")}</div></body></html>`;

  it("wins over a site banner in the first <h1>", () => {
    // Chinese government sites declare the article's title in <meta name="ArticleTitle">; their
    // first <h1> is the site's name.
    const declared = webPageToText(page(`<meta name="ArticleTitle" content="河城市2022年国民经济和社会发展统计公报">`, "河城市人民政府"));
    expect(declared.title).toBe("河城市2022年国民经济和社会发展统计公报");
    for (const p of paragraphs) expect(declared.text).toContain(p);
  });

  it("loses a site name after a separator, like <title>", () => {
    const og = webPageToText(page(`<meta property="og:title" content="Riverton opens a new ferry terminal | Riverton City Council">`, "Riverton City Council"));
    expect(og.title).toBe("Riverton opens a new ferry terminal");
  });
});

describe("chrome is small", () => {
  it("keeps a <form> that wraps the article, drops a search form", () => {
    const body = articles().slice(0, 5).join("</p><p>");
    const html = `<html><body><form action="/search"><input name="q"> 搜索 站内检索</form><form method="post"><div><p>${body}</p></div></form><footer>版权所有 河城大学</footer></body></html>`;
    const { text } = htmlToText(html);
    expect(text).toContain("第5条");
    expect(text).not.toContain("站内检索");
    expect(text).not.toContain("版权所有");
  });

  it("keeps the text of a page that puts everything in <header>, drops closed pop-ups", () => {
    const body = articles().slice(0, 5).join("</p><p>");
    const popup = `<div role="dialog" aria-hidden="true"><p>${"订阅我们的电子报，获取最新的学院新闻和活动信息。".repeat(20)}</p></div>`;
    const { text } = htmlToText(`<html><body><header><h1>河城港口管理法</h1><p>${body}</p></header>${popup}</body></html>`);
    expect(text).toContain("第1条");
    expect(text).not.toContain("订阅我们的电子报");
  });

  it("leaves a news page that Readability reads right alone: no note, no menus", () => {
    const menu = Array.from({ length: 30 }, (_, i) => `<li><a href="/s${i}">Section ${i}</a></li>`).join("");
    const story = [
      "The harbour board approved a new ferry terminal on Tuesday, the largest project in the port's history.",
      "Construction will begin in March and is expected to take two years, the board's chair, Ana Ruiz, told reporters.",
      "The terminal will handle 4,000 passengers a day, twice the capacity of the current building on the east quay.",
      "Local businesses welcomed the decision, saying that the work would bring jobs to the waterfront district.",
    ];
    const html = `<html><head><title>Harbour board approves ferry terminal - Riverton Times</title></head><body><nav><ul>${menu}</ul></nav>
<article><h1>Harbour board approves ferry terminal</h1><p class="date">April 26, 2022</p>${story.map((p) => `<p>${p}</p>`).join("")}</article>
<aside><h3>Most read</h3><ul><li><a href="/1">A story</a></li><li><a href="/2">Another story</a></li><li><a href="/3">A third story</a></li></ul></aside></body></html>`;
    const page = webPageToText(html);
    expect(page.note).toBeUndefined();
    for (const sentence of story) expect(page.text).toContain(sentence);
    expect(page.text).not.toContain("Section 12");
    expect(page.title).toBe("Harbour board approves ferry terminal");
    expect(page.date).toBe("2022-04-26");
  });
});

describe("preformatted text", () => {
  it("keeps the line breaks of a <pre>, so its list items stay apart", () => {
    const html = `<html><body><h1>remoteStorage</h1><pre>
   The following is a checklist of status codes:

       * 401 for all requests that don't have a bearer token with
             sufficient permissions,
       * 507 in case the account is over its storage quota,
       * 2xx for all successful requests.
</pre><p>Some   prose   outside.</p></body></html>`;
    const { text } = htmlToText(html);
    expect(text).toMatch(/\n\* 507 in case the account is over its storage quota,\n/);
    expect(text).toMatch(/\n\* 401 for all requests/);
    expect(text).toContain("Some prose outside.");
  });
});
