import { loadAvroSchemas, loadVectors } from "@eventwire/schemas";
import { vectorChecks } from "@eventwire/testkit";
import { describe, it } from "vitest";
import { createAvroCodec } from "../src/index.js";

// schemas/vectors: envelopes with the exact bytes the reference tools make, and bad inputs.
describe("schemas/vectors", () => {
  for (const check of vectorChecks(createAvroCodec({ types: loadAvroSchemas() as never }), loadVectors()))
    it(check.name, check.run);
});
