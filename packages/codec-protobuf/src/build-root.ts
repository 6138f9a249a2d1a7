import protobuf from "protobufjs";

/** Parses `.proto` sources into a resolved Root, with field names kept and well-known imports added. */
export function buildRoot(proto: string | readonly string[]): protobuf.Root {
  const root = new protobuf.Root();
  const sources = typeof proto === "string" ? [proto] : proto;
  const common = new Set<string>();
  for (const source of sources) {
    try {
      const parsed = protobuf.parse(source, root, { keepCase: true });
      for (const name of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) common.add(name);
    } catch (error) {
      throw new TypeError(`a .proto source does not parse: ${String(error)}`, { cause: error });
    }
  }
  for (const name of common) {
    const json = protobuf.common.get(name);
    if (
      json !== null &&
      json !== undefined &&
      root.lookup(name.replace(/\.proto$/, "").replaceAll("/", ".")) === null
    ) {
      try {
        root.addJSON(json.nested ?? {});
      } catch {
        // Already there: another source imported it first.
      }
    }
  }
  return resolveRoot(root);
}

/** Resolves every type of `root`; one that does not resolve is a `TypeError` naming it. */
export function resolveRoot(root: protobuf.Root): protobuf.Root {
  try {
    root.resolveAll();
  } catch (error) {
    throw new TypeError(`the Protobuf types do not resolve: ${String(error)}`, { cause: error });
  }
  return root;
}
