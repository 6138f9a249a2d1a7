import { runReadmeExample } from "@eventwire/testkit";
import { expect, it } from "vitest";

it("the README's example is the file this test runs: codecs, a check and types from one schema directory", async () => {
  const logs = await runReadmeExample(new URL(".", import.meta.url), () => import("./readme-example.js"));
  expect(logs).toEqual([[{ user_id: "u1", ip: "::1" }], [[]], [true]]);
});
