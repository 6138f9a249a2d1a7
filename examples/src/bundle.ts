import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";

/**
 * The esbuild options every page of the examples is bundled with: the SDK from its TypeScript
 * source (no build needed first), for the browser, minified, in memory. `alias` goes to esbuild,
 * e.g. to leave a module out of a page.
 */
export function browserBuildOptions(alias: Record<string, string> = {}): BuildOptions {
  return {
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    conditions: ["eventwire-source"],
    // No Node built-ins to port: the Avro codec no longer loads avsc (buffer, util), and nothing
    // else the pages bundle needs one.
    alias,
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
