// What a JSON user would write instead of the JSON codec: ajv against the same schemas, by hand,
// with JSON.stringify or with fast-json-stringify (what a Fastify user has), and JSON.parse +
// ajv to decode. The schema is the envelope's, with the event type's data schema in place of
// the open `data`, as the codec composes them.
import type { Envelope } from "@eventwire/envelope-core";
import { readSchemaFile } from "@eventwire/schemas";
import { Ajv2020 } from "ajv/dist/2020.js";
import fastJsonStringify from "fast-json-stringify";

type Schema = Record<string, unknown>;

/** The envelope schema of one event type, without keywords a subschema may not carry. */
export function typedEnvelopeSchema(dataSchema: Schema): Schema {
  const envelope = JSON.parse(readSchemaFile("envelope.schema.json")) as Schema;
  const { $schema: _s, title: _t, ...data } = dataSchema;
  const { $id: _i, ...rest } = envelope;
  return { ...rest, properties: { ...(envelope.properties as Schema), data } };
}

/** ajv's validate, JSON.stringify, fast-json-stringify and JSON.parse + validate for one type. */
export function makeJsonPeers(dataSchema: Schema) {
  const schema = typedEnvelopeSchema(dataSchema);
  const validate = new Ajv2020({ strict: true }).compile(schema);
  const { $schema: _s, ...plain } = schema;
  const stringify = fastJsonStringify(plain as never);
  const decoder = new TextDecoder();
  const refuse = (): never => {
    throw new Error(`invalid: ${JSON.stringify(validate.errors)}`);
  };
  return {
    /** ajv `validate` + `JSON.stringify`, to bytes. */
    encodeStringify: (e: Envelope) => (validate(e) ? Buffer.from(JSON.stringify(e)) : refuse()),
    /** ajv `validate` + fast-json-stringify's generated serializer, to bytes. */
    encodeFastJson: (e: Envelope) => (validate(e) ? Buffer.from(stringify(e)) : refuse()),
    /** Bytes to text, `JSON.parse`, ajv `validate`. */
    decode: (bytes: Uint8Array) => {
      const value: unknown = JSON.parse(decoder.decode(bytes));
      return validate(value) ? value : refuse();
    },
  };
}
