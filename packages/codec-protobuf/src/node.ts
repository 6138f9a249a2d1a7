import protobuf from "protobufjs";

/**
 * Loads `.proto` files from disk into a Root, keeping field names as written (protobufjs
 * camel-cases them by default). Node only; pass the Root as `createProtobufCodec({ root })`.
 */
export function loadProtoFiles(paths: string | readonly string[]): protobuf.Root {
  return new protobuf.Root().loadSync(typeof paths === "string" ? paths : [...paths], { keepCase: true });
}
