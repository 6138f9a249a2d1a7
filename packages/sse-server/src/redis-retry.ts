// Redis answers these while it loads its data, fails over or resharding moves a slot: they pass.
const PASSING_REPLIES = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY|NOREPLICAS)\b/;

/**
 * False for an error reply that the same command would get again (`WRONGTYPE`: the key is not
 * a stream); true for lost connections and for the replies of a server that is recovering.
 */
export function isTransientRedisError(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== "ReplyError") return true;
  return PASSING_REPLIES.test(error.message);
}
