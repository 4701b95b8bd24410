/**
 * Python's `random.Random(seed)` (CPython's Mersenne Twister, `_randommodule.c`) far enough to draw
 * `sample(range(n), n)` exactly as Python does: reference evaluators (simple-evals' gpqa_eval.py)
 * shuffle options that way, and kfm reproduces their option order instead of inventing its own.
 */
const N = 624;
const M = 397;

export class PythonRandom {
  private readonly state = new Uint32Array(N);
  private position = N;

  /** `random.Random(seed)` for a non-negative integer seed below 2^32 (CPython's init_by_array with the seed as one key word). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in [0, 2^32): ${seed}`);
    const mt = this.state;
    mt[0] = 19650218;
    for (let i = 1; i < N; i++) mt[i] = (Math.imul(1812433253, mt[i - 1]! ^ (mt[i - 1]! >>> 30)) + i) >>> 0;
    const key = [seed];
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = ((mt[i]! ^ Math.imul(mt[i - 1]! ^ (mt[i - 1]! >>> 30), 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      mt[i] = ((mt[i]! ^ Math.imul(mt[i - 1]! ^ (mt[i - 1]! >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  private next32(): number {
    const mt = this.state;
    if (this.position >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % N]! & 0x7fffffff);
        mt[k] = mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.position = 0;
    }
    let y = mt[this.position++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `_randbelow_with_getrandbits(n)`: getrandbits(n.bit_length()) until the draw is below n. */
  private below(n: number): number {
    const bits = 32 - Math.clz32(n);
    for (;;) {
      const draw = bits === 0 ? 0 : this.next32() >>> (32 - bits);
      if (draw < n) return draw;
    }
  }

  /** `sample(range(n), n)`: a permutation of 0..n-1, by the pool branch Python takes for n <= 21. */
  permutation(n: number): number[] {
    if (!Number.isInteger(n) || n < 1 || n > 21) throw new RangeError(`permutation of ${n} items: only 1 to 21 are supported`);
    const pool = Array.from({ length: n }, (_, index) => index);
    const result: number[] = [];
    for (let i = 0; i < n; i++) {
      const j = this.below(n - i);
      result.push(pool[j]!);
      pool[j] = pool[n - i - 1]!;
    }
    return result;
  }
}
