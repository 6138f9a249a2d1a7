// After `pnpm build`: bundles what a browser app imports (esbuild, minified, browser platform, the
// packages' built code through their exports maps) and checks each gzip size against its budget.
// `node scripts/check-size.mjs --table` prints the Markdown table of the README's Size section.
import { builtinModules } from "node:module";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

// Budgets in bytes of gzip: the SSE ones are the issue's; each codec's is a little above its
// size when the budget was set (2026-11-27), so that growth is a decision, not an accident.
const BUNDLES = [
  { name: "SSE parser (`createSseParser`)", imports: { "@eventwire/sse-frame": ["createSseParser"] }, budget: 2048 },
  {
    name: "`frameEnvelope` + `decodeEnvelopes`",
    imports: { "@eventwire/sse-frame": ["frameEnvelope", "decodeEnvelopes"] },
    budget: 3072,
  },
  {
    // Raised from 51,200 B on 2026-11-27 for ONE_LINE_TEXT (51,223 B then): frameEnvelope's JSON
    // frames no longer scan each payload for line breaks, 1.05-1.3x as fast.
    name: "JSON codec (ajv, ajv-formats)",
    imports: { "@eventwire/codec-json": ["createJsonCodec"] },
    budget: 51_456,
  },
  {
    // Its own schema parser and resolver since 2026-11-27: no avsc, no Node built-ins (12,952 B then).
    name: "Avro codec",
    imports: { "@eventwire/codec-avro": ["createAvroCodec"] },
    budget: 13_600,
  },
  {
    name: "Protobuf codec (protobufjs)",
    imports: { "@eventwire/codec-protobuf": ["createProtobufCodec"] },
    budget: 47 * 1024,
  },
];

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * A Node built-in is fine when the importing package's `browser` field maps it away (to its own
 * shim, or to `false`). Otherwise the browser needs a polyfill, even where esbuild would find one
 * by chance (pnpm's hoisted `buffer` or `util`, there for other packages): it is left out of the
 * bundle and recorded, so the bundle is still measured and the need reported.
 */
function recordNodeBuiltins(found) {
  return {
    name: "record-node-builtins",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (!NODE_BUILTINS.has(args.path) || args.pluginData === "inner") return undefined;
        const { kind, importer, resolveDir } = args;
        const resolved = await build.resolve(args.path, { kind, importer, resolveDir, pluginData: "inner" });
        const name = args.path.replace(/^node:/, "");
        if (resolved.errors.length > 0 || resolved.path.includes(`/node_modules/${name}/`)) {
          found.add(name);
          return { path: args.path, external: true };
        }
        if (resolved.namespace === "") return { path: args.path, namespace: "mapped-to-false" };
        return { path: resolved.path, namespace: resolved.namespace };
      });
      build.onLoad({ filter: /.*/, namespace: "mapped-to-false" }, () => ({ contents: "module.exports = {};" }));
    },
  };
}

const table = process.argv.includes("--table");
const failures = [];
const rows = [];
for (const bundle of BUNDLES) {
  const { bytes, builtins } = await measure(bundle.imports);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  rows.push({ ...bundle, minified: bytes.length, gzip, builtins });
  if (gzip > bundle.budget) failures.push(`${bundle.name}: ${gzip} B gzip, over its budget of ${bundle.budget} B`);
  const needs = `${bundle.name}: needs Node's ${builtins.join(", ")} in the browser (polyfills)`;
  if (builtins.join() === (bundle.knownBuiltins?.names ?? []).join()) {
    if (builtins.length > 0) console.log(`check-size: known, ${needs}: ${bundle.knownBuiltins.reason}`);
  } else {
    failures.push(builtins.length > 0 ? needs : `${bundle.name}: no longer needs Node built-ins; drop knownBuiltins`);
  }
}
if (table) printTable(rows);
else for (const row of rows) console.log(`check-size: ${describe(row)}`);
for (const failure of failures) console.error(`check-size: ${failure}`);
if (failures.length > 0) process.exitCode = 1;

/** The minified browser bundle of `imports`, and the Node built-ins it had to leave out. */
async function measure(imports) {
  const found = new Set();
  const contents = Object.entries(imports)
    .map(([specifier, names]) => `export { ${names.join(", ")} } from "${specifier}";`)
    .join("\n");
  const result = await build({
    stdin: { contents, resolveDir: new URL(".", import.meta.url).pathname, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    plugins: [recordNodeBuiltins(found)],
  });
  return { bytes: result.outputFiles[0].contents, builtins: [...found].sort() };
}

function describe(row) {
  const needs = row.builtins.length > 0 ? `; needs ${row.builtins.join(", ")}` : "";
  return `${row.name}: ${row.minified} B minified, ${row.gzip} B gzip (budget ${row.budget} B)${needs}`;
}

function printTable(rows) {
  const kb = (n) => `${n.toLocaleString("en-US")} B`;
  console.log("| bundle (browser, minified) | minified | gzip | budget (gzip) | Node built-ins needed |");
  console.log("|---|---:|---:|---:|---|");
  for (const row of rows)
    console.log(
      `| ${row.name} | ${kb(row.minified)} | ${kb(row.gzip)} | ${kb(row.budget)} | ${row.builtins.join(", ") || "none"} |`,
    );
}
