// Web pages by URL, offline: a local HTTP server (127.0.0.1, port 0) serves a GBK page labelled
// gb2312 inside site chrome, a Big5 page that declares its charset only in <meta>, a PDF, a
// redirect, a 404, a page that never answers and one that is too big.
import http from "node:http";
import type { AddressInfo } from "node:net";
import iconv from "iconv-lite";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { USER_AGENT } from "../../src/ingest/fetch-url.js";
import { ingestSources } from "../../src/ingest/ingest.js";
import { Store } from "../../src/store/store.js";
import { askIn } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";

const LIMIT = { maxFileBytes: 2 * 1024 * 1024 };

function gbkPage(visitors: string): string {
  return `<!doctype html><html><head><title>市图书馆2023年工作报告 - 河城市政府网</title></head><body>
<div id="top"><a href="/">首页</a> <a href="/news">新闻中心</a> <a href="/gov">政务公开</a> <span>欢迎访问河城市政府门户网站</span></div>
<nav><ul><li><a href="/a">机构设置</a></li><li><a href="/b">政策文件</a></li><li><a href="/c">办事指南</a></li></ul></nav>
<div class="wrap"><div id="col-left"><div class="art">
<h1>市图书馆2023年工作报告</h1>
<p>发布日期：2024年1月15日</p>
<h2>一、总体情况</h2>
<p>2023年，市图书馆全年接待读者${visitors}人次，比上年增长12.3%。全年新增藏书4.2万册，馆藏总量达到158万册。</p>
<p>图书馆持续推进数字化建设，数字资源访问量达到320万次，比上年增长25%，线上服务成为读者的重要选择。</p>
<h2>二、主要工作</h2>
<p>全年举办各类阅读推广活动412场，参与群众5.6万人次。新建城市书房8个，覆盖全部街道和主要社区。</p>
<h3>（一）少儿服务</h3>
<p>少儿借阅量达到36万册次，占总借阅量的41%，少儿阅览室周末开放时间延长到晚上八点。</p>
</div></div>
<div id="col-right"><h3>热点推荐</h3><ul><li><a href="/n/1">市民卡办理指南发布</a></li><li><a href="/n/2">全市公交线路优化调整公告</a></li><li><a href="/n/3">城市书房开放时间一览</a></li><li><a href="/n/4">河城市2024年重点民生实事</a></li></ul><p>天气预报：今天晴，气温十五到二十二度。</p></div></div>
<div id="bottom"><p>主办单位：河城市人民政府办公室　地址：河城市人民路一号　联系电话：零零零零</p></div>
</body></html>`;
}

const BIG5_PAGE = `<!doctype html><html><head><meta charset="big5"><title>港口年報</title></head><body>
<article><h1>河城港口二〇二三年年報</h1>
<p>二〇二三年，河城港口全年貨物吞吐量達到一億二千萬噸，比上年增長百分之六，集裝箱吞吐量達到三百四十萬標準箱。</p>
<p>港口新增泊位四個，其中深水泊位兩個，碼頭岸線總長度達到十二公里，年內完成航道疏浚工程。</p>
</article></body></html>`;

async function smallPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText("The ferry carried 1,284,000 passengers in 2023.", { x: 50, y: 700, size: 12, font });
  doc.addPage().drawText("Fuel use per crossing fell by 9% after the new hulls entered service.", { x: 50, y: 700, size: 12, font });
  return doc.save();
}

describe("ingesting web pages by URL", () => {
  let server: http.Server;
  let base = "";
  let visitors = "86.5万";
  let pdf: Uint8Array;
  const userAgents: string[] = [];

  beforeAll(async () => {
    pdf = await smallPdf();
    server = http.createServer((req, res) => {
      userAgents.push(req.headers["user-agent"] ?? "");
      switch (req.url) {
        case "/news/report.html":
          res.writeHead(200, { "content-type": "text/html; charset=gb2312" });
          res.end(iconv.encode(gbkPage(visitors), "gbk"));
          return;
        case "/old-link":
          res.writeHead(301, { location: "/news/report.html" });
          res.end();
          return;
        case "/port.html":
          res.writeHead(200, { "content-type": "text/html" });
          res.end(iconv.encode(BIG5_PAGE, "big5"));
          return;
        case "/download?id=7":
          res.writeHead(200, { "content-type": "application/pdf" });
          res.end(Buffer.from(pdf));
          return;
        case "/slow":
          return; // never answers
        case "/huge":
          res.writeHead(200, { "content-type": "text/html" });
          for (let i = 0; i < 3 * 1024; i++) res.write(Buffer.alloc(1024, 0x61));
          res.end();
          return;
        default:
          res.writeHead(404, { "content-type": "text/plain" });
          res.end("not found");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("decodes a GBK page labelled gb2312, keeps only the article, and cites the URL", async () => {
    const dataDir = tempDir();
    const store = Store.open(dataDir);
    const url = `${base}/news/report.html`;
    const summary = await ingestSources(store, [url], LIMIT);
    expect(summary.failed).toEqual([]);
    expect(summary.added).toBe(1);
    const doc = store.listDocuments()[0]!;
    expect(doc.source).toBe(url);
    expect(doc.url).toBe(url);
    expect(doc.title).toBe("市图书馆2023年工作报告");
    expect(doc.language).toBe("zh-Hans");
    expect(doc.docDate).toBe("2024-01-15");
    const text = store
      .chunksOfDocument(doc.id)
      .map((c) => c.text)
      .join("\n");
    expect(text).toContain("全年接待读者86.5万人次");
    for (const chrome of ["首页", "机构设置", "欢迎访问", "市民卡", "天气预报", "主办单位", "联系电话"]) expect(text).not.toContain(chrome);
    expect(store.chunksOfDocument(doc.id).some((c) => c.headingPath.includes("（一）少儿服务") || c.headingPath.join("").includes("少儿服务"))).toBe(true);

    const answer = await askIn(dataDir, "市图书馆全年接待读者多少人次？");
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("86.5万人次");
    expect(answer.sources[0]!.url).toBe(url);
    expect(userAgents.at(-1)).toBe(USER_AGENT);
  });

  it("updates a re-ingested page when it changed, and only then", async () => {
    const dataDir = tempDir();
    const store = Store.open(dataDir);
    const url = `${base}/news/report.html`;
    visitors = "86.5万";
    expect((await ingestSources(store, [url], LIMIT)).added).toBe(1);
    expect((await ingestSources(store, [url], LIMIT)).unchanged).toBe(1);
    visitors = "91.2万";
    const changed = await ingestSources(store, [url], LIMIT);
    expect(changed.updated).toBe(1);
    expect(store.listDocuments()).toHaveLength(1);
    const text = store
      .chunksOfDocument(store.listDocuments()[0]!.id)
      .map((c) => c.text)
      .join("\n");
    expect(text).toContain("91.2万人次");
    expect(text).not.toContain("86.5万人次");
  });

  it("follows redirects: the URL asked for is the source, where it ended is the link", async () => {
    const dataDir = tempDir();
    const store = Store.open(dataDir);
    visitors = "86.5万";
    await ingestSources(store, [`${base}/old-link#top`], LIMIT);
    const doc = store.listDocuments()[0]!;
    expect(doc.source).toBe(`${base}/old-link`);
    expect(doc.url).toBe(`${base}/news/report.html`);
  });

  it("decodes a Big5 page from its <meta> charset and reads PDFs served by URL", async () => {
    const dataDir = tempDir();
    const store = Store.open(dataDir);
    const summary = await ingestSources(store, [`${base}/port.html`, `${base}/download?id=7`], LIMIT);
    expect(summary.failed).toEqual([]);
    expect(summary.added).toBe(2);
    const [port, ferry] = store.listDocuments();
    expect(port!.language).toBe("zh-Hant");
    expect(store.chunksOfDocument(port!.id)[0]!.text).toContain("集裝箱吞吐量達到三百四十萬標準箱");
    const chunks = store.chunksOfDocument(ferry!.id);
    expect(chunks.map((c) => c.page)).toEqual([1, 2]);
    const answer = await askIn(dataDir, "How many passengers did the ferry carry?");
    expect(answer.answer).toContain("1,284,000");
    expect(answer.sources[0]).toMatchObject({ page: 1, url: `${base}/download?id=7` });
  });

  it("reports 404s, timeouts, oversized pages and bad URLs in one line each", async () => {
    const dataDir = tempDir();
    const store = Store.open(dataDir);
    const summary = await ingestSources(store, [`${base}/missing`, `${base}/slow`, `${base}/huge`, "http://exa mple.com/"], { ...LIMIT, fetchTimeoutMs: 500 });
    const reasons = summary.failed.map((f) => f.reason);
    expect(reasons[0]).toMatch(/^cannot fetch http:\/\/127\.0\.0\.1:\d+\/missing: HTTP 404 Not Found$/);
    expect(reasons[1]).toMatch(/no answer within 0\.5 s$/);
    expect(reasons[2]).toMatch(/^the page is over the 2 MB limit/);
    expect(reasons[3]).toMatch(/not a valid URL/);
    for (const r of reasons) expect(r).not.toContain("\n");
    expect(store.listDocuments()).toEqual([]);
  });
});
