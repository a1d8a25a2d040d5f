// Word ingestion: the docx package writes real .docx files (Heading 1/2 styles, core title);
// hand-written zips play the bombs — one honest about its 100:1+ ratio, one declaring hundreds
// of MB, one lying about its sizes — which must be refused with one line, never unpacked.
import fs from "node:fs";
import path from "node:path";
import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { describe, expect, it } from "vitest";
import { ingestSources } from "../../src/ingest/ingest.js";
import { docxToText } from "../../src/ingest/loaders/docx.js";
import { Store } from "../../src/store/store.js";
import { askIn } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";
import { zipArchive, zipEntry } from "../helpers/zip.js";

const LIMIT = { maxFileBytes: 20 * 1024 * 1024 };

async function reportDocx(withTitle: boolean): Promise<Buffer> {
  const doc = new Document({
    ...(withTitle ? { title: "Riverton Library Annual Report 2023" } : {}),
    creator: "test",
    sections: [
      {
        children: [
          new Paragraph({ text: "Library services in 2023", heading: HeadingLevel.HEADING_1 }),
          new Paragraph("This report describes the work of the Riverton public library during 2023."),
          new Paragraph({ text: "Loans", heading: HeadingLevel.HEADING_2 }),
          new Paragraph("Members borrowed 86,450 printed books and 23,900 e-books during the year, an increase of 7% on 2022."),
          new Paragraph({ text: "Visits", heading: HeadingLevel.HEADING_2 }),
          new Paragraph("The four branches counted 412,000 visits, and the mobile library stopped in 38 villages every month."),
          new Paragraph({ text: "Buildings", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: "Renovation", heading: HeadingLevel.HEADING_2 }),
          new Paragraph("The renovation of the central library cost 2.3 million dollars and was finished in October."),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const CONTENT_TYPES = Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');

describe("Word loader", () => {
  it("turns heading styles into headings and reads the title from the document properties", async () => {
    const docx = await docxToText(await reportDocx(true));
    expect(docx.title).toBe("Riverton Library Annual Report 2023");
    expect(docx.text).toMatch(/^# Library services in 2023$/m);
    expect(docx.text).toMatch(/^## Loans$/m);
    expect(docx.text).toContain("Members borrowed 86,450 printed books");
  });

  it("falls back to the first heading for the title", async () => {
    const docx = await docxToText(await reportDocx(false));
    expect(docx.title).toBe("Library services in 2023");
  });

  it("refuses zip bombs from the central directory, before unpacking", async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    const ratioBomb = zipArchive([zipEntry("[Content_Types].xml", CONTENT_TYPES), zipEntry("word/document.xml", zeros)]);
    await expect(docxToText(ratioBomb)).rejects.toThrow(/^refused as a zip bomb: .*expands \d+:1/);

    // Sizes are declared, never inflated: 300 MB of "data" that the archive does not even hold.
    const hugeDeclared = zipArchive([
      zipEntry("[Content_Types].xml", CONTENT_TYPES),
      { ...zipEntry("word/document.xml", "<w:document/>", 0), declaredSize: 300 * 1024 * 1024 },
    ]);
    await expect(docxToText(hugeDeclared)).rejects.toThrow(/^refused as a zip bomb: it unpacks to 300 MB \(limit 200 MB\)$/);

    // An archive that understates its sizes is caught while inflating, with the output capped.
    const liar = zipArchive([
      zipEntry("[Content_Types].xml", CONTENT_TYPES),
      { ...zipEntry("word/document.xml", Buffer.alloc(5 * 1024 * 1024)), declaredSize: 4096 },
    ]);
    await expect(docxToText(liar)).rejects.toThrow(/^refused as a zip bomb: "word\/document\.xml" inflates beyond its declared size$/);
  });

  it("refuses files that are not Word documents with one line", async () => {
    await expect(docxToText(Buffer.from("just some text, not a zip"))).rejects.toThrow(/^not a valid \.docx file \(not a zip archive\)$/);
    await expect(docxToText(zipArchive([zipEntry("hello.txt", "hi")]))).rejects.toThrow(/^not a Word document/);
    await expect(docxToText(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).rejects.toThrow(/old Word \.doc file/);
  });
});

describe("Word ingestion", () => {
  const docs = tempDir();
  const dataDir = tempDir();
  const store = Store.open(dataDir);
  const ready = (async () => {
    fs.writeFileSync(path.join(docs, "report.docx"), await reportDocx(true));
    fs.writeFileSync(
      path.join(docs, "bomb.docx"),
      zipArchive([zipEntry("[Content_Types].xml", CONTENT_TYPES), zipEntry("word/document.xml", Buffer.alloc(50 * 1024 * 1024))]),
    );
    return ingestSources(store, [docs], LIMIT);
  })();

  it("stores heading paths and answers from the document; the bomb is one failed line", async () => {
    const summary = await ready;
    expect(summary.added).toBe(1);
    expect(summary.failed).toEqual([{ path: path.join(docs, "bomb.docx"), reason: expect.stringMatching(/^refused as a zip bomb: [^\n]+$/) }]);
    const doc = store.listDocuments()[0]!;
    expect(doc.title).toBe("Riverton Library Annual Report 2023");
    const chunks = store.chunksOfDocument(doc.id);
    expect(chunks.map((c) => c.headingPath)).toEqual(
      expect.arrayContaining([
        ["Library services in 2023", "Loans"],
        ["Library services in 2023", "Visits"],
        ["Buildings", "Renovation"],
      ]),
    );
    expect(chunks.every((c) => c.page === null)).toBe(true);

    const answer = await askIn(dataDir, "How many e-books did members borrow?");
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("23,900");
    expect(answer.sources[0]!.section).toBe("Library services in 2023 › Loans");
  });
});
