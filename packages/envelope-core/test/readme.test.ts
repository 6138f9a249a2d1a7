import { runReadmeExample } from "@eventwire/testkit";
import { expect, it } from "vitest";

it("the README's example is the file this test runs, and it prints what it says", async () => {
  const logs = await runReadmeExample(new URL(".", import.meta.url), () => import("./readme-example.js"));
  expect(logs).toEqual([["::1", "2023-09-15T12:34:56.120Z"], ["INVALID_ENVELOPE"]]);
});
