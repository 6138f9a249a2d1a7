import { runReadmeExample } from "@eventwire/testkit";
import { expect, it } from "vitest";

it("the README's example is the file this test runs: a record out and back through a memory registry", async () => {
  const logs = await runReadmeExample(new URL(".", import.meta.url), () => import("./readme-example.js"));
  expect(logs).toEqual([["user_login", new Uint8Array([0, 0, 0, 0, 1])], [{ ip: "::1" }]]);
});
