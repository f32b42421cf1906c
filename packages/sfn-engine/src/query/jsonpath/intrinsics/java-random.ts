/**
 * java.util.Random, bit for bit. The service draws its seeded random numbers from it: JSONata's
 * `$random(42)` is 0.7275636800328681 on AWS, which is `new Random(42).nextDouble()`. A seeded
 * call must give the number AWS gives, not merely some repeatable number.
 */
const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

export class JavaRandom {
  private seed: bigint;

  /** `seed` is a Java long: a fractional seed goes towards zero, as a cast to long does. */
  constructor(seed: number) {
    const long = BigInt.asIntN(64, BigInt(Math.trunc(seed)));
    this.seed = (long ^ MULTIPLIER) & MASK;
  }

  /** `next(bits)`: the top `bits` bits of the next 48-bit state, as a signed 32-bit int. */
  private next(bits: number): number {
    this.seed = (this.seed * MULTIPLIER + ADDEND) & MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }

  /** A double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    return (this.next(26) * 2 ** 27 + this.next(27)) * 2 ** -53;
  }

  /** An int in [0, bound), without modulo bias, for 0 < bound <= 2^31 - 1. */
  nextInt(bound: number): number {
    if ((bound & -bound) === bound) return Number((BigInt(bound) * BigInt(this.next(31))) >> 31n);
    for (;;) {
      const bits = this.next(31);
      const value = bits % bound;
      // Java's overflow test: retry draws from the incomplete last block of size `bound`.
      if (bits - value + (bound - 1) <= 0x7fffffff) return value;
    }
  }
}
