// The embedder pools and normalises hidden states itself (transformers.js does it through a slow
// Proxy); its vectors must stay bit-for-bit those of transformers.js, or stored vectors and query
// vectors made before and after the change would disagree.
import { describe, expect, it } from "vitest";
import { mean_pooling, Tensor } from "@xenova/transformers";
import { poolAndNormalise } from "../../src/embed/embedder.js";

interface TensorLike {
  data: Float32Array;
  dims: number[];
  normalize(p: number, dim: number): TensorLike;
}

type Pooling = (hidden: unknown, mask: unknown) => TensorLike;
type TensorClass = new (type: string, data: Float32Array | BigInt64Array, dims: number[]) => unknown;

describe("poolAndNormalise", () => {
  it("matches transformers.js mean pooling + L2 normalisation exactly, padding included", () => {
    const [batch, seq, dim] = [3, 7, 16];
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const hidden = Float32Array.from({ length: batch * seq * dim }, random);
    // Rows of different lengths: the padding positions must not count.
    const lengths = [7, 4, 1];
    const mask = BigInt64Array.from({ length: batch * seq }, (_, i) => (i % seq < lengths[Math.floor(i / seq)]! ? 1n : 0n));
    const TensorCtor = Tensor as unknown as TensorClass;
    const expected = (mean_pooling as unknown as Pooling)(
      new TensorCtor("float32", hidden, [batch, seq, dim]),
      new TensorCtor("int64", mask, [batch, seq]),
    ).normalize(2, -1);
    const actual = poolAndNormalise(hidden, [batch, seq, dim], mask);
    expect(actual.dims).toEqual([batch, dim]);
    expect(Array.from(actual.data)).toEqual(Array.from(expected.data));
  });
});
