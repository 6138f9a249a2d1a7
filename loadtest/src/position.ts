/**
 * Orders two log positions: the memory log's 16 zero-padded digits, or a Redis stream id
 * (`<ms>-<seq>`, numbers without leading zeros). Returns < 0, 0 or > 0. Clients count
 * deliveries, duplicates and order by position, so that they need not decode every envelope.
 */
export function comparePositions(a: string, b: string): number {
  // Same length: digit strings (and ids whose parts have the same lengths) order as text.
  if (a.length === b.length && (a.indexOf("-") === b.indexOf("-") || !a.includes("-"))) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const pa = a.split("-");
  const pb = b.split("-");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = trimZeros(pa[i] ?? "");
    const y = trimZeros(pb[i] ?? "");
    if (x.length !== y.length) return x.length - y.length;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function trimZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits[i] === "0") i++;
  return digits.slice(i);
}

/**
 * Whether client `index` of `clients` decodes every envelope (and so measures latency). Up to
 * `SAMPLED` clients all do; beyond, about `SAMPLED` spread evenly over the server's delivery
 * order do (two neighbours at the start of each tenth, so both halves of the `?types=` split are
 * sampled). The others parse every frame and count positions only: decoding is the client's
 * cost (a profile of 100 decoding clients showed JSON decoding as 2x the server's CPU), and
 * on a shared 2-core machine a load generator that decodes every stream measures itself.
 */
export function decodesFor(index: number, clients: number): boolean {
  if (clients <= SAMPLED) return true;
  const groups = SAMPLED / 2;
  const group = Math.floor((index * groups) / clients);
  return index - Math.ceil((group * clients) / groups) < 2;
}

/** Clients per scenario that decode and measure latency. */
export const SAMPLED = 20;
