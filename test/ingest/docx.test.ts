// Word ingestion: the docx package writes real .docx files (Heading 1/2 styles, core title);
// hand-written zips play the bombs — one honest about its 100:1+ ratio, one declaring hundreds
// of MB, one lying about its sizes — which must be refused with one line, never unpacked.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { describe, expect, it } from "vitest";
import { ingestSources } from "../../src/ingest/ingest.js";
import { docxToText } from "../../src/ingest/loaders/docx.js";
import { answerQuestion } from "../../src/search/answer.js";
import { Store } from "../../src/store/store.js";
import { tempDir } from "../helpers/temp.js";

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

interface ZipSpec {
  name: string;
  data: Buffer;
  /** Store these sizes in the headers instead of the real ones (a lying archive). */
  declaredSize?: number;
  compress?: boolean;
}

/** Writes a zip archive by hand, so tests control every size it declares. */
function makeZip(entries: ZipSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const compressed = entry.compress === false ? entry.data : zlib.deflateRawSync(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const crc = zlib.crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.compress === false ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.compress === false ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
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
    const ratioBomb = makeZip([{ name: "[Content_Types].xml", data: CONTENT_TYPES }, { name: "word/document.xml", data: zeros }]);
    await expect(docxToText(ratioBomb)).rejects.toThrow(/^refused as a zip bomb: .*expands \d+:1/);

    // Sizes are declared, never inflated: 300 MB of "data" that the archive does not even hold.
    const hugeDeclared = makeZip([
      { name: "[Content_Types].xml", data: CONTENT_TYPES },
      { name: "word/document.xml", data: Buffer.from("<w:document/>"), declaredSize: 300 * 1024 * 1024, compress: false },
    ]);
    await expect(docxToText(hugeDeclared)).rejects.toThrow(/^refused as a zip bomb: it unpacks to 300 MB \(limit 200 MB\)$/);

    // An archive that understates its sizes is caught while inflating, with the output capped.
    const liar = makeZip([{ name: "[Content_Types].xml", data: CONTENT_TYPES }, { name: "word/document.xml", data: Buffer.alloc(5 * 1024 * 1024), declaredSize: 4096 }]);
    await expect(docxToText(liar)).rejects.toThrow(/^refused as a zip bomb: "word\/document\.xml" inflates beyond its declared size$/);
  });

  it("refuses files that are not Word documents with one line", async () => {
    await expect(docxToText(Buffer.from("just some text, not a zip"))).rejects.toThrow(/^not a valid \.docx file \(not a zip archive\)$/);
    await expect(docxToText(makeZip([{ name: "hello.txt", data: Buffer.from("hi") }]))).rejects.toThrow(/^not a Word document/);
    await expect(docxToText(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).rejects.toThrow(/old Word \.doc file/);
  });
});

describe("Word ingestion", () => {
  const docs = tempDir();
  const store = Store.open(tempDir());
  const ready = (async () => {
    fs.writeFileSync(path.join(docs, "report.docx"), await reportDocx(true));
    fs.writeFileSync(path.join(docs, "bomb.docx"), makeZip([{ name: "[Content_Types].xml", data: CONTENT_TYPES }, { name: "word/document.xml", data: Buffer.alloc(50 * 1024 * 1024) }]));
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

    const answer = await answerQuestion("How many e-books did members borrow?", { store });
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("23,900");
    expect(answer.sources[0]!.section).toBe("Library services in 2023 › Loans");
  });
});
