// Smoke tests of the benchmark's helpers (percentiles, exact search and recall, e-mail reading,
// the corpus builder, target judgement). No timing is asserted: the bench itself measures.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCorpus } from "../../src/bench/corpus.js";
import { bruteForceTopK, packVectors, percentile, recallAtK, seededRandom, summarise } from "../../src/bench/measure.js";
import { recommendEf } from "../../src/bench/report.js";
import type { SizeResult } from "../../src/bench/report.js";
import { emailDocument, type SourceDocument } from "../../src/bench/sources.js";
import { tempDir } from "../helpers/temp.js";

describe("latency summaries", () => {
  it("uses nearest-rank percentiles", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    const s = summarise([...samples].reverse());
    expect(s).toMatchObject({ n: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
  });
});

describe("exact search and recall", () => {
  const unit = (v: number[]): Float32Array => {
    const n = Math.hypot(...v);
    return Float32Array.from(v.map((x) => x / n));
  };

  it("finds the same top-k as sorting every score", () => {
    const random = seededRandom(7);
    const vectors = Array.from({ length: 200 }, (_, i) => ({ chunkId: i + 1, vector: unit([random(), random() - 0.5, random(), random() - 0.2]) }));
    const matrix = packVectors(vectors, 4, vectors.length);
    const query = unit([1, 0.2, -0.3, 0.5]);
    const score = (v: Float32Array): number => v.reduce((s, x, i) => s + x * query[i]!, 0);
    const sorted = [...vectors].sort((a, b) => score(b.vector) - score(a.vector)).slice(0, 10);
    expect(bruteForceTopK(matrix, query, 10).map((n) => n.chunkId)).toEqual(sorted.map((v) => v.chunkId));
  });

  it("counts a tie at the k-th score as a hit", () => {
    const exact = [
      { chunkId: 1, score: 0.9 },
      { chunkId: 2, score: 0.5 },
    ];
    const scores = new Map([
      [1, 0.9],
      [2, 0.5],
      [3, 0.5],
      [4, 0.1],
    ]);
    const scoreOf = (id: number): number => scores.get(id) ?? -1;
    expect(recallAtK([1, 3], exact, scoreOf, 2)).toBe(1);
    expect(recallAtK([1, 4], exact, scoreOf, 2)).toBe(0.5);
  });
});

describe("reading SpamAssassin messages", () => {
  it("keeps subject, sender and the decoded plain-text part of a multipart message", () => {
    const raw = Buffer.from(
      [
        "From: Alice <alice@example.org>",
        "Subject: Quarterly figures",
        "Date: Mon, 5 Aug 2002 10:00:00 +0100",
        'Content-Type: multipart/alternative; boundary="b1"',
        "",
        "--b1",
        "Content-Type: text/plain; charset=iso-8859-1",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "Revenue grew 12=25 this quarter=2C and the caf=E9 reopened after a long=",
        " renovation that took most of the summer.",
        "--b1",
        "Content-Type: text/html",
        "",
        "<p>ignored</p>",
        "--b1--",
        "",
      ].join("\r\n"),
      "latin1",
    );
    const doc = emailDocument(raw, "email-1");
    expect(doc?.name).toBe("email-1.txt");
    expect(doc?.text).toContain("Subject: Quarterly figures");
    expect(doc?.text).toContain("Revenue grew 12% this quarter, and the café reopened after a long renovation");
  });

  it("writes an HTML-only message as an .html document", () => {
    const body = "<html><body><p>Limited offer: buy now and save on every order you place this month, guaranteed.</p></body></html>";
    const raw = Buffer.from(`Subject: Offer\nContent-Type: text/html\n\n${body}\n`, "latin1");
    const doc = emailDocument(raw, "spam-1");
    expect(doc?.name).toBe("spam-1.html");
    expect(doc?.text).toContain("Limited offer");
  });
});

describe("buildCorpus", () => {
  it("copies the sample documents and fills each stream's share of the chunks", () => {
    const sample = tempDir();
    fs.writeFileSync(path.join(sample, "sample.md"), "# Sample\n\nText.");
    const stream = (prefix: string, language: SourceDocument["language"]) =>
      function* (): Generator<SourceDocument> {
        for (let i = 0; ; i++) yield { name: `${prefix}-${i}.md`, text: `# ${prefix} ${i}\n\n${"x".repeat(10)}`, stream: "tang-poems", language };
      };
    const outDir = path.join(tempDir(), "corpus");
    const stats = buildCorpus({
      targetChunks: 41,
      outDir,
      sampleDir: sample,
      // Every fake document is 2 chunks; the sample is 1.
      countChunks: (name) => (name === "sample.md" ? 1 : 2),
      streams: { emails: stream("mail", "en"), "tang-poems": stream("poem", "zh-Hant") },
      mix: [
        { stream: "emails", share: 0.5 },
        { stream: "tang-poems", share: 0.5 },
      ],
    });
    expect(stats.streams.sample).toMatchObject({ files: 1, chunks: 1 });
    expect(stats.streams.emails?.chunks).toBe(20);
    expect(stats.chunks).toBe(41);
    expect(fs.existsSync(path.join(outDir, "sample", "sample.md"))).toBe(true);
    expect(fs.readdirSync(path.join(outDir, "emails"))).toHaveLength(10);
  });
});

describe("recommendEf", () => {
  it("picks the smallest ef that reaches the recall wanted at every size", () => {
    const size = (points: [number, number][]): SizeResult =>
      ({ hnsw: { sweep: points.map(([ef, recallAt10]) => ({ ef, recallAt10 })) } }) as unknown as SizeResult;
    const sizes = [
      size([
        [32, 0.99],
        [64, 1],
      ]),
      size([
        [32, 0.9],
        [64, 0.975],
      ]),
    ];
    expect(recommendEf(sizes)).toBe(64);
    expect(recommendEf(sizes, 0.999)).toBeUndefined();
  });
});
