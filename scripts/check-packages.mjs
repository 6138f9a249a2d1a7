// After `pnpm build`: proves that the packages work for someone outside this workspace. Each
// public package is packed with `pnpm pack` (which turns `workspace:` ranges into versions),
// linted as packed by publint and @arethetypeswrong/cli, and installed with npm from the tarballs
// into a scratch project in the temp dir; there plain Node imports every entry and round-trips an
// envelope, and tsc typechecks a consumer with moduleResolution node16 and bundler.
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { entrySpecifiers, listPublicPackages, root } from "./public-packages.mjs";

// What the scratch project installs from the registry besides the tarballs: Node's types for
// the declarations that name Node, and fast-check, the optional peer of envelope-core/testing.
const REGISTRY_DEPENDENCIES = ["@types/node@20.19.25", "fast-check@4.11.0"];

const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: "utf8", stdio: "pipe" });
const problems = [];
// Problems that belong to a package's owner, each with its reason: reported, not failed on, and
// the check fails when one no longer happens, so that the list only shrinks.
const known = JSON.parse(readFileSync(new URL("./consumer/known-problems.json", import.meta.url), "utf8"));

/** Runs one step and says how long it took: the whole check should stay around a minute. */
async function step(name, action) {
  const started = performance.now();
  const result = await action();
  console.log(`check-packages: ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

const scratch = mkdtempSync(join(tmpdir(), "eventwire-consumer-"));
try {
  const packages = listPublicPackages();
  const names = packages.map((pkg) => pkg.name.replace("@eventwire/", "")).join(", ");
  const tarballs = await step(`packed ${names}`, () => packAll(packages, join(scratch, "tarballs")));
  // attw mostly waits (about 6 s a package, 2 s of it CPU): the packages are checked side by side.
  await step("publint --strict and attw --profile esm-only on each tarball", () =>
    Promise.all(
      packages.map((pkg, i) =>
        Promise.all([lintTarball(pkg.name, tarballs[i]), checkTypesResolution(pkg.name, tarballs[i])]),
      ),
    ),
  );
  const project = join(scratch, "project");
  await step(`npm install of the tarballs in ${project}`, () => installTarballs(project, tarballs));
  const entries = packages.flatMap((pkg) => entrySpecifiers(pkg.manifest));
  await step(`plain Node imports ${entries.length} entries`, () => importFromNode(project, entries));
  await step("tsc consumer, moduleResolution node16 and bundler", () => typecheckConsumer(project, entries));
  report();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function report() {
  const unexpected = problems.filter((problem) => !known.some((k) => problem.includes(k.match)));
  for (const k of known) {
    if (problems.some((problem) => problem.includes(k.match))) console.log(`check-packages: known, ${k.reason}`);
    else unexpected.push(`no longer happens, remove it from scripts/consumer/known-problems.json: ${k.match}`);
  }
  for (const problem of unexpected) console.error(`check-packages: ${problem}`);
  if (unexpected.length > 0) process.exitCode = 1;
  else console.log("check-packages: every public package installs, imports, round-trips and typechecks");
}

function packAll(packages, destination) {
  mkdirSync(destination, { recursive: true });
  return packages.map((pkg) => {
    const before = new Set(readdirSync(destination));
    run("pnpm", ["pack", "--pack-destination", destination], pkg.dir);
    const added = readdirSync(destination).filter((file) => !before.has(file));
    if (added.length !== 1) throw new Error(`pnpm pack of ${pkg.name} made ${added.length} files`);
    return join(destination, added[0]);
  });
}

/** publint in strict mode on the files the tarball really holds; any message counts. */
async function lintTarball(name, tarball) {
  const bytes = readFileSync(tarball);
  const tarballBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: tarballBuffer }, strict: true });
  for (const message of messages) problems.push(`publint ${name}: ${formatMessage(message, pkg)}`);
}

/**
 * attw's `esm-only` profile: the packages are ESM only ("type": "module", no `require`
 * condition), so a CommonJS `require` resolving to ESM and node10's lack of `exports` support
 * are expected; every ESM resolution (node16 from ESM, bundler) must be clean.
 */
async function checkTypesResolution(name, tarball) {
  const attw = join(root, "node_modules/.bin/attw");
  const options = ["--profile", "esm-only", "--no-definitely-typed", "--format", "ascii", "--no-color"];
  try {
    await promisify(execFile)(attw, [tarball, ...options], { cwd: root, encoding: "utf8" });
  } catch (error) {
    problems.push(`attw ${name}:\n${error.stdout}${error.stderr}`);
  }
}

function installTarballs(project, tarballs) {
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  run(
    "npm",
    [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      ...tarballs,
      ...REGISTRY_DEPENDENCIES,
    ],
    project,
  );
}

function importFromNode(project, entries) {
  writeFileSync(join(project, "entries.json"), JSON.stringify(entries));
  copyFileSync(join(root, "scripts/consumer/consumer.mjs"), join(project, "consumer.mjs"));
  try {
    console.log(run(process.execPath, ["consumer.mjs"], project).trim());
  } catch (error) {
    problems.push(`plain Node import:\n${error.stdout}${error.stderr}`);
  }
}

/** Every entry's declarations loaded (`import *`), plus a typed round trip, under both resolutions. */
function typecheckConsumer(project, entries) {
  const imports = entries.map((specifier, i) => `import * as entry${i} from "${specifier}";`);
  const list = `export const entries: readonly object[] = [${entries.map((_, i) => `entry${i}`).join(", ")}];`;
  writeFileSync(join(project, "all-entries.ts"), `${imports.join("\n")}\n${list}\n`);
  copyFileSync(join(root, "scripts/consumer/round-trip.ts"), join(project, "round-trip.ts"));
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const resolutions = [
    ["node16", "node16"],
    ["preserve", "bundler"],
  ];
  // Both at once: each is a single-threaded tsc that mostly reads declarations.
  return Promise.all(
    resolutions.map(async ([module, moduleResolution]) => {
      const compilerOptions = {
        module,
        moduleResolution,
        target: "ES2022",
        lib: ["ES2024", "DOM", "DOM.Iterable"],
        types: ["node"],
        strict: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        // The published declarations are what is being checked.
        skipLibCheck: false,
      };
      const config = `tsconfig.${moduleResolution}.json`;
      const files = ["all-entries.ts", "round-trip.ts"];
      writeFileSync(join(project, config), JSON.stringify({ compilerOptions, files }));
      try {
        await promisify(execFile)(process.execPath, [tsc, "-p", config], { cwd: project, encoding: "utf8" });
      } catch (error) {
        problems.push(`tsc (moduleResolution ${moduleResolution}):\n${error.stdout}${error.stderr}`);
      }
    }),
  );
}
