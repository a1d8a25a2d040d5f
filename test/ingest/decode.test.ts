import fs from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeBytes, declaredHtmlCharset } from "../../src/ingest/decode.js";
import { loadFile } from "../../src/ingest/load.js";
import { tempDir } from "../helpers/temp.js";

const SIMPLIFIED = "学前教育三年毛入园率达到百分之九十二点八，全市新建公办幼儿园三十所。教师队伍建设取得新进展。";
const TRADITIONAL = "學前教育三年毛入園率達到百分之九十二點八，全市新建公辦幼兒園三十所。教師隊伍建設取得新進展。";

describe("decodeBytes", () => {
  it("reads UTF-8 with and without BOM", () => {
    expect(decodeBytes(Buffer.from(SIMPLIFIED)).text).toBe(SIMPLIFIED);
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SIMPLIFIED)])).text).toBe(SIMPLIFIED);
  });

  it("reads UTF-16 with a BOM", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SIMPLIFIED, "utf16le")]);
    expect(decodeBytes(le).text).toBe(SIMPLIFIED);
  });

  it("detects GBK and Big5 text", () => {
    expect(decodeBytes(iconv.encode(SIMPLIFIED, "gbk")).text).toBe(SIMPLIFIED);
    expect(decodeBytes(iconv.encode(TRADITIONAL, "big5")).text).toBe(TRADITIONAL);
  });

  it("honours a charset the page declares", () => {
    const html = `<html><head><meta charset="gb2312"><title>测试</title></head><body><p>${SIMPLIFIED}</p></body></html>`;
    const bytes = iconv.encode(html, "gbk");
    expect(declaredHtmlCharset(bytes)).toBe("gb18030");
    expect(decodeBytes(bytes, declaredHtmlCharset(bytes)).text).toContain(SIMPLIFIED);
  });

  it("refuses binary data and empty input with a one-line reason", () => {
    expect(() => decodeBytes(Buffer.alloc(0))).toThrow(/empty/);
    const binary = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256));
    expect(() => decodeBytes(binary)).toThrow(/binary|decode/);
  });
});

describe("loadFile", () => {
  it("loads a GBK HTML page without its navigation and footer, headings kept", () => {
    const dir = tempDir();
    const file = path.join(dir, "page.html");
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>市教育局 - 工作报告</title></head>
      <body><nav><a href="/">首页</a><a href="/a">新闻</a><a href="/b">公告</a></nav>
      <div class="breadcrumb">首页 &gt; 新闻 &gt; 工作报告</div>
      <article><h1>工作报告</h1><h2>一、主要成绩</h2><p>${SIMPLIFIED}</p></article>
      <footer>版权所有 市教育局 联系电话 12345</footer><script>var x = 1;</script></body></html>`;
    fs.writeFileSync(file, iconv.encode(html, "gbk"));
    const loaded = loadFile(file, 1e6);
    expect(loaded.title).toBe("工作报告");
    expect(loaded.text).toContain("## 一、主要成绩");
    expect(loaded.text).toContain(SIMPLIFIED);
    expect(loaded.text).not.toMatch(/首页|版权所有|var x/);
  });

  it("gives one-line reasons for unsupported, missing, empty and oversized files", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "a.exe"), "x");
    fs.writeFileSync(path.join(dir, "empty.txt"), "");
    fs.writeFileSync(path.join(dir, "big.txt"), "x".repeat(2000));
    expect(() => loadFile(path.join(dir, "a.exe"), 1e6)).toThrow(/unsupported file type/);
    expect(() => loadFile(path.join(dir, "missing.txt"), 1e6)).toThrow(/no such file/);
    expect(() => loadFile(path.join(dir, "empty.txt"), 1e6)).toThrow(/empty/);
    expect(() => loadFile(path.join(dir, "big.txt"), 1000)).toThrow(/limit/);
  });
});
