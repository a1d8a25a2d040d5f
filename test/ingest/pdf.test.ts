// PDF ingestion end to end: pdf-lib writes the fixtures (a three-page report with a running
// header and "Page N of 3" footers, an encrypted file, a broken file); we ingest them and ask.
import fs from "node:fs";
import path from "node:path";
import { PDFDocument, PDFHexString, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { ingestSources } from "../../src/ingest/ingest.js";
import { layoutPages, pdfToText, type PdfTextItem } from "../../src/ingest/loaders/pdf.js";
import { Store } from "../../src/store/store.js";
import { askIn } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";

const LIMIT = { maxFileBytes: 20 * 1024 * 1024 };
const HEADER = "Riverton Water Authority · Annual Report 2022";

interface Fonts {
  body: PDFFont;
  bold: PDFFont;
}

/** Draws text wrapped to the column width, hyphenating one given word at a line end; returns the next y. */
function paragraph(page: PDFPage, fonts: Fonts, text: string, y: number, hyphenate?: [string, string]): number {
  const size = 11;
  const width = 470;
  const words = text.split(" ");
  let line = "";
  const lines: string[] = [];
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (fonts.body.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  lines.push(line);
  if (hyphenate) {
    // Force a hyphenated break inside a word on the first line, as typesetters do.
    const [head, tail] = hyphenate;
    lines[0] = `${lines[0]} ${head}-`;
    lines[1] = `${tail} ${lines[1] ?? ""}`.trim();
  }
  for (const l of lines) {
    page.drawText(l, { x: 60, y, size, font: fonts.body });
    y -= 15;
  }
  return y - 10;
}

async function reportPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle("Riverton Water Authority Annual Report 2022");
  const fonts = { body: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const pages: { heading: string; paragraphs: string[]; hyphenate?: [string, string] }[] = [
    {
      heading: "Overview",
      paragraphs: [
        "Published 8 April 2023",
        "The authority served 48,200 households across the valley in 2022, supplying drinking water from two reservoirs and eleven wells.",
        "Customer complaints fell to 312 over the year, the lowest number since the authority was founded in 1987.",
      ],
    },
    {
      heading: "Water quality",
      paragraphs: [
        "Laboratories analysed 3,415 samples of drinking water during the year, and 99.6% of them met the national standard for treated water.",
        "The remaining samples were retested within two days and no boil-water notice was issued to any district of the service area.",
      ],
      hyphenate: ["infra", "structure"],
    },
    {
      heading: "Finances",
      paragraphs: [
        "Capital spending on pipe renewal reached $12.7 million in 2022, replacing 18 kilometres of cast-iron mains in the older districts.",
        "Operating costs rose by 4.1% because electricity prices for pumping stations increased sharply during the winter months.",
      ],
    },
  ];
  pages.forEach((content, i) => {
    const page = doc.addPage([595, 842]);
    page.drawText(HEADER, { x: 60, y: 805, size: 9, font: fonts.body });
    page.drawText(content.heading, { x: 60, y: 750, size: 18, font: fonts.bold });
    let y = 715;
    content.paragraphs.forEach((text, j) => {
      y = paragraph(page, fonts, text, y, j === 0 ? content.hyphenate : undefined);
    });
    page.drawText(`Page ${i + 1} of ${pages.length}`, { x: 270, y: 30, size: 9, font: fonts.body });
  });
  return doc.save();
}

async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText("Secret figures: 42 units.", { x: 50, y: 700, size: 12, font });
  // A standard security handler whose /U does not match the empty password: a reader must ask for one.
  const encrypt = doc.context.obj({ Filter: "Standard", V: 1, R: 2, O: PDFHexString.of("11".repeat(32)), U: PDFHexString.of("22".repeat(32)), P: -4 });
  doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of("ab".repeat(16)), PDFHexString.of("ab".repeat(16))]);
  return doc.save({ useObjectStreams: false });
}

/** A PDF whose Chinese text is set in a non-embedded CID font through the predefined CMap UniGB-UCS2-H. */
function cidFontPdf(text: string): Uint8Array {
  const hex = [...text].map((ch) => ch.codePointAt(0)!.toString(16).padStart(4, "0")).join("");
  const content = `BT /F1 14 Tf 72 720 Td <${hex}> Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>",
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, "latin1"));
}

describe("PDF loader", () => {
  it("reads Chinese set in a font that needs one of pdf.js's character maps (no Unicode table in the file)", async () => {
    const sentence = "第三条 本办法自二〇二一年一月一日起施行。";
    const { text } = await pdfToText(cidFontPdf(sentence));
    expect(text.replace(/\s+/g, " ").trim()).toBe(sentence);
  });

  it("rebuilds paragraphs and headings, undoes hyphenation and drops the running header and page footers", async () => {
    const pdf = await pdfToText(await reportPdf());
    expect(pdf.pageCount).toBe(3);
    expect(pdf.title).toBe("Riverton Water Authority Annual Report 2022");
    expect(pdf.text).not.toContain("Riverton Water Authority ·");
    expect(pdf.text).not.toMatch(/Page \d of 3/);
    expect(pdf.text).toMatch(/^## Water quality$|^# Water quality$/m);
    expect(pdf.text).toContain("infrastructure");
    // Wrapped lines of one paragraph come back as one line.
    expect(pdf.text).toMatch(/Laboratories analysed 3,415 samples of drinking water during the year, and 99\.6% of them met/);
    expect(pdf.pageStarts).toHaveLength(3);
    expect(pdf.text.slice(pdf.pageStarts[1]!)).toMatch(/^#+ Water quality/);
    expect(pdf.text.slice(pdf.pageStarts[2]!)).toMatch(/^#+ Finances/);
  });

  it("refuses encrypted and broken files with one line", async () => {
    await expect(pdfToText(await encryptedPdf())).rejects.toThrow(/^the PDF is encrypted/);
    await expect(pdfToText(Buffer.from("%PDF-1.4 garbage"))).rejects.toThrow(/^not a valid PDF \(/);
  });
});

/** A text item as pdf.js reports it; width estimated from the characters. */
function item(str: string, x: number, y: number, size = 12): PdfTextItem {
  const width = [...str].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? size : size * 0.5), 0);
  return { str, transform: [size, 0, 0, size, x, y], width };
}

/** Items for lines of body text starting at y, 15 units apart. */
function lines(texts: string[], y: number, size = 12): PdfTextItem[] {
  return texts.map((text, i) => item(text, 60, y - i * 15, size));
}

describe("PDF layout from text items", () => {
  it("joins CJK lines and justified CJK characters without spaces", () => {
    // The second line is justified: every glyph its own item, 1.5 units apart.
    const justified = [..."长百分之十二，其中少儿读者占四成，新增藏书四万"].map((ch, i) => item(ch, 60 + i * 13.5, 685));
    const { text } = layoutPages([
      [item("第一章 总则", 60, 760, 18), item("本年度全市图书馆共接待读者八十六万人次，比上年增", 60, 700), ...justified, item("二千册。", 60, 670)],
    ]);
    expect(text).toBe("# 第一章 总则\n\n本年度全市图书馆共接待读者八十六万人次，比上年增长百分之十二，其中少儿读者占四成，新增藏书四万二千册。");
  });

  it("undoes hyphenation only inside lower-case words and keeps the spaces of English lines", () => {
    const { text } = layoutPages([lines(["The results were extra-", "ordinary for a town whose well-", "Known library is small."], 700)]);
    expect(text).toBe("The results were extraordinary for a town whose well- Known library is small.");
  });

  it("drops headers that alternate between odd and even pages and bare page numbers", () => {
    const pages = Array.from({ length: 6 }, (_, i) => [
      item(i % 2 === 0 ? "Chapter One: Beginnings" : "A History of Riverton", 60, 800, 9),
      ...lines([`Paragraph ${i + 1} tells of the year ${1900 + i * 7}, when ${i + 3} mills opened on the river.`], 700),
      item(String(i + 11), 290, 30, 9),
    ]);
    const { text, pageStarts } = layoutPages(
      pages,
      pages.map(() => ({ bottom: 0, top: 842 })),
    );
    expect(text).not.toMatch(/Chapter One|A History of Riverton|^1[1-6]$/m);
    expect(text.split("\n\n")).toHaveLength(6);
    expect(pageStarts.map((start) => text.slice(start, start + 11))).toEqual([
      "Paragraph 1",
      "Paragraph 2",
      "Paragraph 3",
      "Paragraph 4",
      "Paragraph 5",
      "Paragraph 6",
    ]);
  });

  it("keeps a line whole when a space item claims the width of several characters", () => {
    // Some writers emit " " with the width of a word: the text after it is still on the same line.
    const space: PdfTextItem = { str: " ", transform: [12, 0, 0, 12, 96, 700], width: 60 };
    const { text } = layoutPages([
      [
        item("一、", 60, 700),
        item("2023", 84, 700),
        space,
        item("年工作回顾", 100, 700),
        ...lines(["全年完成了各项工作任务，主要指标好于预期，经济运行总体平稳，民生保障持续加强。"], 670),
      ],
    ]);
    expect(text.split("\n\n")[0]).toBe("一、2023 年工作回顾");
  });

  it("ends a numbered heading in body type at the foot of a page, short of the margin", () => {
    const body = "城市治理水平持续提升，全年完成老旧小区综合整治四百个，新增停车位两万个。";
    const { text } = layoutPages([
      [...lines([body, body, body], 700), item("（七）加强城市精细化治理", 60, 640)],
      [...lines(["科学把握超大城市发展规律，推进城市更新行动，完成街区更新改造一百二十个。", body], 780)],
    ]);
    const paragraphs = text.split("\n\n");
    expect(paragraphs).toContain("（七）加强城市精细化治理");
    expect(paragraphs.some((p) => p.startsWith("科学把握超大城市发展规律"))).toBe(true);
  });

  it("ends a numbered heading shorter than the text below it, but keeps a numbered item of a narrow column whole", () => {
    const body = "城市治理水平持续提升，全年完成老旧小区综合整治四百个，新增停车位两万个。";
    const { text } = layoutPages([[...lines([body], 700), item("（七）加强城市治理", 60, 680), ...lines([body, body], 660)]]);
    expect(text.split("\n\n")).toContain("（七）加强城市治理");
    // Two columns: an item's first line fills its narrow column, far short of the page's right edge.
    const column = [item("(1) Is not a significant regulatory", 40, 700, 10), item("action under the executive order,", 40, 688, 10)];
    const right = [...lines(["A line of the right column that runs all the way to the page's right edge here."], 700)].map((i) => ({
      ...i,
      transform: [12, 0, 0, 12, 320, 640],
    }));
    const layout = layoutPages([[...column, ...right]]);
    expect(layout.text).toContain("(1) Is not a significant regulatory action under the executive order,");
  });

  it("keeps an English numbered item whole over a page break, however short its last line looks", () => {
    const { text } = layoutPages([
      [
        ...lines(["The board finds that the rule (1) is not a major rule, and", "(2) will not affect the ferries of other ports, and"], 700),
        item("(3) Will not have a significant", 60, 670),
      ],
      lines(["economic impact on the small boat owners of the harbour."], 780),
    ]);
    expect(text).toContain("(3) Will not have a significant economic impact on the small boat owners of the harbour.");
  });

  it("keeps sentences and key figures set in large type as text, and a short line in large type as a heading", () => {
    const body = "The company reports its results for the year in the pages that follow, with its figures and notes.";
    const big = [
      item("Our Year in Brief", 40, 760, 20),
      item("Northwind Traders is the largest independent grocer in the region, with 212 stores.", 40, 730, 16),
      item("₹1,186 crore", 40, 700, 16),
    ];
    const { text } = layoutPages([[...big, ...lines([body, body, body, body], 660)]]);
    const blocks = text.split("\n\n");
    expect(blocks[0]).toMatch(/^#+ Our Year in Brief$/);
    expect(blocks).toContain("Northwind Traders is the largest independent grocer in the region, with 212 stores.");
    expect(blocks).toContain("₹1,186 crore");
  });

  it("reads a preface set in larger type than the body, at a wider spacing, as paragraphs, not one heading per line", () => {
    // 14-point lines 24 units apart, each filling the measure (30 characters); the body below is 11-point.
    const preface = [
      "本手册是河城软件协会的成员多年来在一线开发中积累的经验总结，经历了",
      "多次大规模项目的检验，系统地整理成册，回馈给广大开发者。规约依次分",
      "为强制、推荐、参考三大类，每条规约都附有说明、正例和反例，便于开发",
      "者理解和执行。",
    ].map((text, i) => item(text, 40, 700 - i * 24, 14));
    const body = "命名不得以下划线或美元符号开始，也不得以下划线或美元符号结束，类名使用大驼峰风格。";
    const { text } = layoutPages([[item("前言", 40, 760, 20), ...preface, ...lines([body, body, body, body, body, body], 560, 11)]]);
    const blocks = text.split("\n\n");
    expect(blocks[0]).toMatch(/^#+ 前言$/);
    expect(blocks.filter((b) => b.startsWith("#"))).toHaveLength(1);
    expect(blocks).toContain(
      "本手册是河城软件协会的成员多年来在一线开发中积累的经验总结，经历了多次大规模项目的检验，系统地整理成册，回馈给广大开发者。规约依次分为强制、推荐、参考三大类，每条规约都附有说明、正例和反例，便于开发者理解和执行。",
    );
  });

  it("says a running header set in heading type once, and keeps a paragraph whole across the page break under it", () => {
    const body = "本手册介绍河城二号巡检机器人的组装、调试与维护方法，请在使用前仔细阅读全部内容，并妥善保管。";
    const pages = [0, 1, 2, 3].map((i) => [
      item("河城二号巡检机器人用户手册", 60, 800, 14),
      item(`共 4 页 第 ${i + 1} 页`, 60, 782, 14),
      ...lines(i === 1 ? [body, "机器人底盘使用全向轮，最大前进速度为每秒两米，"] : [body, body], 700),
    ]);
    pages[2] = [pages[2]![0]!, pages[2]![1]!, ...lines(["最大平移速度为每秒一点五米。", body], 700)];
    const { text } = layoutPages(
      pages,
      pages.map(() => ({ bottom: 0, top: 842 })),
    );
    expect(text.match(/河城二号巡检机器人用户手册/g)).toHaveLength(1);
    expect(text).not.toMatch(/共 4 页/);
    expect(text).toContain("机器人底盘使用全向轮，最大前进速度为每秒两米，最大平移速度为每秒一点五米。");
  });

  it("keeps a heading in large type that starts with a year as a heading, not a figure", () => {
    const body = "本表反映部门全年财政拨款收入和支出的预算安排，单位为元，数字按四舍五入列示。";
    const { text } = layoutPages([[item("2025年部门财政拨款收支预算总表", 200, 760, 16), ...lines([body, body, body], 720)]]);
    expect(text.split("\n\n")[0]).toMatch(/^#+ 2025年部门财政拨款收支预算总表$/);
  });

  it("does not take a document number in large type for a heading", () => {
    const { text } = layoutPages([
      [item("CB(3)634/2026(01)", 60, 760, 18), ...lines(["The paper sets out the views of the ferry operator on the new rules."], 700)],
    ]);
    expect(text).not.toMatch(/^#/m);
  });

  it("keeps a paragraph that runs over a page break whole, on the page it starts on", () => {
    const { text, pageStarts } = layoutPages([
      lines(["The committee met twice in the spring of that year and, after", "a long debate about costs and the needs of the readers, decided to"], 700),
      [...lines(["extend the programme until 2026."], 780), ...lines(["A new paragraph begins here, after a blank line."], 750)],
    ]);
    expect(text).toBe(
      "The committee met twice in the spring of that year and, after a long debate about costs and the needs of the readers, decided to extend the programme until 2026.\n\nA new paragraph begins here, after a blank line.",
    );
    expect(text.slice(pageStarts[1]!)).toBe("A new paragraph begins here, after a blank line.");
  });
});

describe("PDF ingestion", () => {
  const docs = tempDir();
  const dataDir = tempDir();
  const store = Store.open(dataDir);
  const ready = (async () => {
    fs.writeFileSync(path.join(docs, "annual-report.pdf"), await reportPdf());
    fs.writeFileSync(path.join(docs, "broken.pdf"), "%PDF-1.4 garbage");
    fs.writeFileSync(path.join(docs, "locked.pdf"), await encryptedPdf());
    fs.writeFileSync(path.join(docs, "notes.txt"), "The board met 11 times in 2022 and approved the new tariff schedule unanimously.");
    return ingestSources(store, [docs], LIMIT);
  })();

  it("reports broken and encrypted PDFs in one line each and ingests the rest of the batch", async () => {
    const summary = await ready;
    expect(summary.added).toBe(2);
    const reasons = Object.fromEntries(summary.failed.map((f) => [path.basename(f.path), f.reason]));
    expect(reasons["broken.pdf"]).toMatch(/^not a valid PDF \(.+\)$/);
    expect(reasons["locked.pdf"]).toMatch(/^the PDF is encrypted/);
    for (const f of summary.failed) expect(f.reason).not.toContain("\n");
    expect(summary.pages).toBe(3);
  });

  it("stores title, date, language and the page of every chunk, without headers or footers", async () => {
    await ready;
    const doc = store.listDocuments().find((d) => d.source.endsWith("annual-report.pdf"))!;
    expect(doc.title).toBe("Riverton Water Authority Annual Report 2022");
    expect(doc.language).toBe("en");
    expect(doc.docDate).toBe("2023-04-08");
    const chunks = store.chunksOfDocument(doc.id);
    expect(new Set(chunks.map((c) => c.page))).toEqual(new Set([1, 2, 3]));
    for (const c of chunks) {
      expect(c.text).not.toContain("Riverton Water Authority ·");
      expect(c.text).not.toMatch(/Page \d of 3/);
      expect(c.text).not.toContain("\uE000");
    }
    expect(chunks.find((c) => c.text.includes("3,415"))!.headingPath).toEqual(["Water quality"]);
  });

  it.each([
    ["How many samples did the laboratories analyse?", "3,415", 2],
    ["How much was capital spending on pipe renewal?", "$12.7 million", 3],
    ["How many households did the authority serve?", "48,200", 1],
  ])("answers %s with the figure and its page", async (question, figure, page) => {
    await ready;
    const answer = await askIn(dataDir, question);
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain(figure.replace("$", ""));
    expect(answer.sources[0]!.page).toBe(page);
    expect(answer.sources[0]!.title).toBe("Riverton Water Authority Annual Report 2022");
  });

  it("skips an unchanged PDF without parsing it again", async () => {
    await ready;
    const again = await ingestSources(store, [path.join(docs, "annual-report.pdf")], LIMIT);
    expect(again.unchanged).toBe(1);
    expect(again.pages).toBe(0);
  });
});
