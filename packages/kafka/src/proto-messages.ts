import protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor.js";

/** A message of a `.proto` file and the messages declared inside it, in declaration order. */
interface MessageNode {
  readonly fullName: string;
  readonly nested: readonly MessageNode[];
}

/**
 * The messages of one `.proto` file, as the message indexes of the Confluent wire format count
 * them: the file's top-level messages in declaration order, each with its nested messages
 * (map entries, which protoc adds as nested messages, are not counted, as Confluent's
 * JavaScript serde does not count them).
 */
export class ProtoFileMessages {
  private constructor(private readonly top: readonly MessageNode[]) {}

  /**
   * Reads a registry's Protobuf schema: `.proto` source, or a base64 `FileDescriptorProto` (the
   * form Confluent's serializers register and `?format=serialized` returns). Throws a
   * `TypeError` when it is neither.
   */
  static parse(schema: string): ProtoFileMessages {
    return new ProtoFileMessages(isBase64Descriptor(schema) ? fromDescriptor(schema) : fromSource(schema));
  }

  /** The message indexes of `fullName` (no leading dot), or undefined when the file does not declare it. */
  indexesOf(fullName: string): number[] | undefined {
    const walk = (nodes: readonly MessageNode[], path: number[]): number[] | undefined => {
      for (const [i, node] of nodes.entries()) {
        if (node.fullName === fullName) return [...path, i];
        const found = walk(node.nested, [...path, i]);
        if (found !== undefined) return found;
      }
      return undefined;
    };
    return walk(this.top, []);
  }

  /** The full name of the message at `indexes`, or undefined when the file has none there. */
  nameAt(indexes: readonly number[]): string | undefined {
    let nodes = this.top;
    let node: MessageNode | undefined;
    for (const index of indexes) {
      node = nodes[index];
      if (node === undefined) return undefined;
      nodes = node.nested;
    }
    return node?.fullName;
  }
}

function isBase64Descriptor(schema: string): boolean {
  // .proto source always holds ";" or "{"; base64 never does.
  return /^[A-Za-z0-9+/=\s]+$/.test(schema) && schema.trim() !== "";
}

function fromSource(source: string): MessageNode[] {
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(source, { keepCase: true });
  } catch (error) {
    throw new TypeError(`the Protobuf schema does not parse: ${String(error)}`, { cause: error });
  }
  const pkg = parsed.package === undefined ? parsed.root : parsed.root.lookup(parsed.package);
  if (!(pkg instanceof protobuf.Namespace)) return [];
  return typesOf(pkg);
}

function typesOf(namespace: protobuf.NamespaceBase): MessageNode[] {
  return namespace.nestedArray
    .filter((n): n is protobuf.Type => n instanceof protobuf.Type)
    .map((type) => ({ fullName: type.fullName.replace(/^\./, ""), nested: typesOf(type) }));
}

interface DescriptorMessage {
  name?: string | null;
  nestedType?: DescriptorMessage[] | null;
  options?: { mapEntry?: boolean | null } | null;
}

function fromDescriptor(base64: string): MessageNode[] {
  let file: { package?: string | null; messageType?: DescriptorMessage[] | null };
  try {
    file = descriptor.FileDescriptorProto.decode(decodeBase64(base64)) as typeof file;
  } catch (error) {
    throw new TypeError(`the Protobuf schema is not a FileDescriptorProto: ${String(error)}`, { cause: error });
  }
  const prefix = file.package ? `${file.package}.` : "";
  const nodes = (messages: readonly DescriptorMessage[] | null | undefined, scope: string): MessageNode[] =>
    (messages ?? [])
      .filter((m) => m.options?.mapEntry !== true)
      .map((m) => ({ fullName: `${scope}${m.name ?? ""}`, nested: nodes(m.nestedType, `${scope}${m.name ?? ""}.`) }));
  return nodes(file.messageType, prefix);
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ""));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
