import { readFileSync } from "node:fs";
import { readmeExample } from "@eventwire/envelope-core/testing";
import { expect, it, vi } from "vitest";

it("the README's example is the file this test runs: a producer and a consumer over real HTTP", async () => {
  const file = readFileSync(new URL("./readme-example.ts", import.meta.url), "utf8");
  expect(readmeExample(new URL("../README.md", import.meta.url))).toBe(file);
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  await import("./readme-example.js");
  expect(log.mock.calls).toEqual([["user_login", { ip: "::1" }]]);
  log.mockRestore();
});
