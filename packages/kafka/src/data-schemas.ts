import { ProtoFileMessages } from "./proto-messages.js";
import type { RegistrySchema } from "./schema-registry.js";

/**
 * The schema of one event type's `data`, as it is registered: the Avro record, the `.proto`
 * file, or the JSON Schema, with the name of the record it describes.
 */
export interface DataSchema extends RegistrySchema {
  /**
   * The record's full name: the Avro record's `namespace.name`, the Protobuf message's
   * `package.Message`, or the JSON Schema's `title`. It names the subject in the `topic-record`
   * and `record` strategies, and for Protobuf it is the message the value holds.
   */
  readonly recordName: string;
}

/**
 * The {@link DataSchema} of an Avro event type: pass what you pass to `createAvroCodec` for it
 * (one record, or its versions newest first: the newest is registered).
 *
 * @example
 * ```ts
 * avroDataSchema({ type: "record", name: "UserLogin", namespace: "acme", fields: [...] }).recordName; // "acme.UserLogin"
 * ```
 */
export function avroDataSchema(record: object | readonly object[]): DataSchema {
  const newest = (Array.isArray(record) ? record[0] : record) as { name?: unknown; namespace?: unknown } | undefined;
  if (typeof newest?.name !== "string") throw new TypeError("an Avro data schema is a record with a name");
  const namespace = typeof newest.namespace === "string" && newest.namespace !== "" ? `${newest.namespace}.` : "";
  const recordName = newest.name.includes(".") ? newest.name : `${namespace}${newest.name}`;
  return { schemaType: "AVRO", schema: JSON.stringify(newest), recordName };
}

/**
 * The {@link DataSchema} of a Protobuf event type: the source of the `.proto` file that declares
 * the message (registered as it is), and the message's full name, as given to
 * `createProtobufCodec`. The file must declare the message itself (imports are not registered
 * as references: keep an event type's messages in one file).
 *
 * @example
 * ```ts
 * protobufDataSchema(readFileSync("user_login.proto", "utf8"), "acme.v1.UserLogin");
 * ```
 */
export function protobufDataSchema(proto: string, messageName: string): DataSchema {
  const name = messageName.replace(/^\./, "");
  if (ProtoFileMessages.parse(proto).indexesOf(name) === undefined) {
    throw new TypeError(`the .proto file does not declare the message ${JSON.stringify(name)}`);
  }
  return { schemaType: "PROTOBUF", schema: proto, recordName: name };
}

/**
 * The {@link DataSchema} of a JSON event type: its JSON Schema, as given to `createJsonCodec`.
 * The record name is `recordName`, else the schema's `title` (what Confluent's JSON serde uses).
 *
 * @example
 * ```ts
 * jsonDataSchema(userLoginSchema, "acme.UserLogin");
 * ```
 */
export function jsonDataSchema(schema: object, recordName?: string): DataSchema {
  const title = (schema as { title?: unknown }).title;
  const name = recordName ?? (typeof title === "string" ? title : undefined);
  if (name === undefined || name === "") {
    throw new TypeError("a JSON data schema needs a record name: give one, or a title in the schema");
  }
  return { schemaType: "JSON", schema: JSON.stringify(schema), recordName: name };
}
