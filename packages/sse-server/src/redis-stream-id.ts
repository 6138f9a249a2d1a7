const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;

/** Orders two Redis stream entry ids (`<ms>-<seq>`, each up to 64 bits): negative, zero or positive. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = splitStreamId(a);
  const [bMs, bSeq] = splitStreamId(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

/** A position that came from outside (a client's Last-Event-ID) if it is a Redis entry id, else undefined. */
export function parseStreamPosition(position: string): string | undefined {
  const match = STREAM_ID.exec(position);
  // Beyond 64 bits Redis refuses the id; such a position was never issued.
  if (match === null || BigInt(match[1] ?? "0") >= 2n ** 64n || BigInt(match[2] ?? "0") >= 2n ** 64n) return undefined;
  return position;
}

function splitStreamId(id: string): [bigint, bigint] {
  const match = STREAM_ID.exec(id);
  if (match === null) return [0n, 0n];
  return [BigInt(match[1] ?? "0"), BigInt(match[2] ?? "0")];
}
