// Weighted reciprocal-rank fusion: each leg contributes weight / (k + rank) for every chunk it
// returns. Ranks, not raw scores, are fused, because BM25 and cosine scores are not comparable.
import type { RankedChunk } from "./types.js";

export interface WeightedRanking {
  name: string;
  weight: number;
  results: readonly RankedChunk[];
}

/** Fuses rankings into one, best first; ties keep the order of the first leg that saw the chunk. */
export function fuseRankings(rankings: readonly WeightedRanking[], k: number): RankedChunk[] {
  const scores = new Map<number, number>();
  for (const ranking of rankings) {
    ranking.results.forEach((result, index) => {
      scores.set(result.chunkId, (scores.get(result.chunkId) ?? 0) + ranking.weight / (k + index + 1));
    });
  }
  return [...scores.entries()].map(([chunkId, score]) => ({ chunkId, score })).sort((a, b) => b.score - a.score);
}
