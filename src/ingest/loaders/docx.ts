// Word (.docx) → structured text: the zip is checked for bombs first (see zip.ts), then mammoth
// turns the document into HTML (Heading 1–6 styles become h1–h6) and htmlToText makes the same
// structured text as a web page. The title comes from docProps/core.xml, else the first heading.
// mammoth is imported lazily: the CLI only pays for it on a Word file.
import { UserError } from "../../errors.js";
import { isPlaceholderTitle } from "../metadata.js";
import { checkZipBomb, readZipDirectory, readZipEntry, verifyZipEntries, type ZipEntry, type ZipLimits } from "../zip.js";
import { htmlToText } from "./html.js";

export interface DocxText {
  text: string;
  title?: string;
  /** "metadata" when the title is the file's core properties title, "heading" when it is a heading. */
  titleSource?: "metadata" | "heading";
}

// Styles Word users give to titles, mapped to headings (mammoth already maps Heading 1–6).
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  "p[style-name='标题'] => h1:fresh",
  "p[style-name='副标题'] => h2:fresh",
];

function decodeXmlText(text: string): string {
  return text
    .replace(/<[^>]+>/g, "")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The dc:title of docProps/core.xml, when the author filled it in. */
function coreTitle(bytes: Uint8Array, entries: readonly ZipEntry[]): string | undefined {
  const core = entries.find((e) => e.name === "docProps/core.xml");
  if (!core) return undefined;
  const xml = readZipEntry(bytes, core).toString("utf8");
  const match = /<dc:title(?:\s[^>]*)?>([\s\S]*?)<\/dc:title>/.exec(xml);
  const title = match ? decodeXmlText(match[1]!).replace(/\s+/g, " ").trim() : "";
  return title && !isPlaceholderTitle(title) ? title : undefined;
}

/** Converts a .docx file to structured text; refuses zip bombs and non-Word files with one line. */
export async function docxToText(bytes: Uint8Array, limits?: ZipLimits): Promise<DocxText> {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new UserError("this is an old Word .doc file; save it as .docx and ingest that");
  }
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes);
  } catch (error) {
    throw new UserError(`not a valid .docx file (${error instanceof Error ? error.message : String(error)})`);
  }
  checkZipBomb(entries, limits);
  if (!entries.some((e) => e.name === "word/document.xml")) throw new UserError("not a Word document (no word/document.xml in the archive)");
  verifyZipEntries(bytes, entries);

  const mammoth = (await import("mammoth")).default;
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // Images carry no text we can index: skip them rather than inlining base64 into the HTML.
      { styleMap: STYLE_MAP, convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })) },
    );
    html = result.value;
  } catch (error) {
    throw new UserError(`cannot read the Word document (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
  }
  const converted = htmlToText(`<!doctype html><html><head></head><body>${html}</body></html>`);
  const firstHeading = /^#{1,6}\s+(.+)$/m.exec(converted.text)?.[1]?.trim();
  const core = coreTitle(bytes, entries);
  const title = core ?? converted.title ?? firstHeading;
  return { text: converted.text, title, ...(title ? { titleSource: core ? "metadata" : "heading" } : {}) };
}
