import { runReadmeExample } from "@eventwire/testkit";
import { expect, it } from "vitest";

it("the README's example is the file this test runs: a log, the handler, and a client that resumes", async () => {
  const logs = await runReadmeExample(new URL(".", import.meta.url), () => import("./readme-example.js"));
  expect(logs).toEqual([["user_login", { ip: "::2" }]]);
});
