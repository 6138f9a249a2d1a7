import { loadProtoSources, loadVectors, PROTO_MESSAGES } from "@eventwire/schemas";
import { vectorChecks } from "@eventwire/testkit";
import { describe, it } from "vitest";
import { createProtobufCodec } from "../src/index.js";

// schemas/vectors: envelopes with the exact bytes the reference tools make, and bad inputs.
describe("schemas/vectors", () => {
  for (const check of vectorChecks(
    createProtobufCodec({ proto: Object.values(loadProtoSources()), types: PROTO_MESSAGES }),
    loadVectors(),
  ))
    it(check.name, check.run);
});
