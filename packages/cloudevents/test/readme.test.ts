import { runReadmeExample } from "@eventwire/testkit";
import { expect, it } from "vitest";

it("the README's example is the file this test runs: HTTP binary and Kafka structured, microseconds kept", async () => {
  const logs = await runReadmeExample(new URL(".", import.meta.url), () => import("./readme-example.js"));
  expect(logs).toEqual([
    ["2026-11-27T06:11:13.146123Z", "application/avro"],
    [{ user_id: "u1" }],
    [{ traceparent: "00-4bf9-01" }],
  ]);
});
