import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";

/**
 * The esbuild options every page of the examples is bundled with: the SDK from its TypeScript
 * source (no build needed first), for the browser, minified, in memory. `alias` adds to the
 * aliases all pages need.
 */
export function browserBuildOptions(alias: Record<string, string> = {}): BuildOptions {
  const resolve = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));
  return {
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    conditions: ["eventwire-source"],
    // avsc's browser build of its types needs Node's buffer and util; these are their npm ports.
    alias: {
      buffer: resolve("buffer/"),
      util: resolve("util/"),
      avsc: resolve("avsc/etc/browser/avsc-types.js"),
      ...alias,
    },
    define: { "process.env.NODE_DEBUG": "false", global: "globalThis" },
    inject: [fileURLToPath(new URL("../src/browser/shims.ts", import.meta.url))],
    logLevel: "silent",
  };
}

/** Bundles the page's script with the SDK for the browser (esbuild), in memory. */
export async function bundleBrowserPage(): Promise<string> {
  const result = await build({
    ...browserBuildOptions(),
    entryPoints: [fileURLToPath(new URL("../src/browser/main.ts", import.meta.url))],
  });
  return result.outputFiles?.[0]?.text ?? "";
}
