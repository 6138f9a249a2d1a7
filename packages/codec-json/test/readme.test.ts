import { runReadmeExample } from "@eventwire/testkit";
import { expect, it } from "vitest";

it("the README's example is the file this test runs, and it prints the decoded data", async () => {
  const logs = await runReadmeExample(new URL(".", import.meta.url), () => import("./readme-example.js"));
  expect(logs).toContainEqual([{ user_id: "u1", ip: "::1" }]);
});
