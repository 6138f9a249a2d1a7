import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** Bundles the page's script with the SDK for the browser (esbuild), in memory. */
export async function bundleBrowserPage(): Promise<string> {
  const resolve = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));
  const result = await build({
    entryPoints: [fileURLToPath(new URL("../src/browser/main.ts", import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    // The workspace packages from their TypeScript source, so that no build is needed first.
    conditions: ["eventwire-source"],
    // avsc's browser build of its types needs Node's buffer and util; these are their npm ports.
    alias: { buffer: resolve("buffer/"), util: resolve("util/"), avsc: resolve("avsc/etc/browser/avsc-types.js") },
    define: { "process.env.NODE_DEBUG": "false", global: "globalThis" },
    inject: [fileURLToPath(new URL("../src/browser/shims.ts", import.meta.url))],
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}
