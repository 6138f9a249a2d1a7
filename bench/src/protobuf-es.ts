// protobuf-es (@bufbuild/protobuf 2), the peer a new TypeScript project picks: its messages come
// from a descriptor set that protoc makes at bench start, as `buf build` or `protoc` would in a
// real project. Without protoc (a non-root machine without protobuf-compiler) this peer is
// skipped and the rest of the bench runs.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createFileRegistry,
  type DescMessage,
  fromBinary,
  fromJson,
  type JsonValue,
  toBinary,
} from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import type { Envelope } from "@eventwire/envelope-core";
import { EXAMPLE_TYPES, type ExampleType, PROTO_MESSAGES, SCHEMA_DIR } from "@eventwire/schemas";

/** The typed envelope message of each example type, or why there is none. */
export type ProtobufEsSchemas = { schemas: Record<ExampleType, DescMessage> } | { skipped: string };

/** The bench's own message: the envelope with `data` as the event type's message, inline. */
export function typedEnvelopeName(type: ExampleType): string {
  return `bench.TypedEnvelope_${type}`;
}

/** Runs protoc once (`--descriptor_set_out --include_imports`) and registers what it made. */
export function loadProtobufEsSchemas(): ProtobufEsSchemas {
  const dir = mkdtempSync(join(tmpdir(), "eventwire-bench-"));
  try {
    writeFileSync(join(dir, "bench.proto"), benchProto());
    const out = join(dir, "bench.binpb");
    try {
      execFileSync(
        "protoc",
        [
          `-I${dir}`,
          `-I${join(SCHEMA_DIR, "events")}`,
          "-I/usr/include",
          `--descriptor_set_out=${out}`,
          "--include_imports",
          "bench.proto",
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "protoc is not installed" : String(error);
      return { skipped: `protobuf-es skipped: ${reason} (scripts/setup installs protobuf-compiler)` };
    }
    const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(out)));
    const schemas = Object.fromEntries(
      EXAMPLE_TYPES.map((t) => {
        const message = registry.getMessage(typedEnvelopeName(t));
        if (message === undefined) throw new Error(`protoc made no ${typedEnvelopeName(t)}`);
        return [t, message];
      }),
    ) as Record<ExampleType, DescMessage>;
    return { schemas };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchProto(): string {
  const messages = EXAMPLE_TYPES.map(
    (t) => `message TypedEnvelope_${t} {
  string event_id = 1;
  string event_type = 2;
  google.protobuf.Timestamp timestamp = 3;
  string source = 4;
  ${PROTO_MESSAGES[t]} data = 5;
}`,
  );
  return [
    'syntax = "proto3";',
    "package bench;",
    'import "google/protobuf/timestamp.proto";',
    ...EXAMPLE_TYPES.map((t) => `import "${t}.proto";`),
    ...messages,
    "",
  ].join("\n");
}

/**
 * The peer's encode and decode for one type: messages made once from the envelopes (`fromJson`
 * takes the proto field names, enum names and RFC 3339 times), then `toBinary` and `fromBinary`,
 * whose result is the message a protobuf-es user works with.
 */
export function makeProtobufEsBaseline(schema: DescMessage, pool: readonly Envelope[]) {
  const messages = pool.map((e) => fromJson(schema, e as unknown as JsonValue));
  return {
    messages,
    encode: (message: (typeof messages)[number]) => toBinary(schema, message),
    decode: (bytes: Uint8Array) => fromBinary(schema, bytes),
  };
}
