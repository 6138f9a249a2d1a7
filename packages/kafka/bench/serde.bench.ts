// eventwire's serde against Confluent's, both on an in-process registry with warm caches (the
// memory registry; Confluent's MockClient), per example type and format. Reported, never
// tested: `pnpm vitest bench --project kafka --run`.

import { SchemaRegistryClient } from "@confluentinc/schemaregistry";
import { kafkaHeadersOf } from "@eventwire/cloudevents";
import { PROTO_MESSAGES } from "@eventwire/schemas";
import { bench, describe } from "vitest";
import { createKafkaSerde, memoryRegistry } from "../src/index.js";
import { confluentSerde, protoRegistry } from "../test/confluent.js";
import { ENVELOPES, exampleSerdeParts, FORMATS, PROTO } from "../test/fixtures.js";

const TYPES = ["user_login", "order_placed", "log_batch"] as const;
const protos = protoRegistry(Object.fromEntries(TYPES.map((t) => [`${t}.proto`, PROTO[t]])));

for (const format of FORMATS) {
  const { codec, schemas } = exampleSerdeParts(format);
  const eventwire = createKafkaSerde({ codec, registry: memoryRegistry(), schemas });
  const client = SchemaRegistryClient.newClient({ baseURLs: ["mock://bench"] });
  const confluent = confluentSerde(format, client, protos);
  for (const type of TYPES) {
    const envelope = ENVELOPES[type];
    const topic = `bench-${type}`;
    if (format !== "protobuf") await client.register(`${topic}-value`, schemas[type] ?? { schema: "" }, false);
    const mine = await eventwire.serialize(topic, envelope);
    const theirs = await confluent.serialize(topic, PROTO_MESSAGES[type], envelope.data);
    const headers = kafkaHeadersOf(envelope, codec.dataContentType);
    await eventwire.deserialize(topic, { value: theirs, headers });

    describe(`${format} ${type} serialize`, () => {
      bench("eventwire (envelope + headers)", () => eventwire.serialize(topic, envelope).then(() => undefined));
      bench("Confluent (data)", () =>
        confluent.serialize(topic, PROTO_MESSAGES[type], envelope.data).then(() => undefined),
      );
    });
    describe(`${format} ${type} deserialize`, () => {
      bench("eventwire (envelope + headers)", () => eventwire.deserialize(topic, mine).then(() => undefined));
      bench("Confluent (data)", () => confluent.deserialize(topic, theirs).then(() => undefined));
    });
  }
}
