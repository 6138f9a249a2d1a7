import { expect, it } from "vitest";
import { runReadmeExample } from "../src/index.js";

it("the README's example runs and prints what it says", async () => {
  const logs = await runReadmeExample(new URL(".", import.meta.url), () => import("./readme-example.js"));
  expect(logs).toEqual([["json", true], ["avro", true], ["protobuf", true], ["MALFORMED"]]);
});
