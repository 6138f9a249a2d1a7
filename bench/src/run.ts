// pnpm bench [--quick] [--node 20|22|24] [--all-nodes] [--readme] [--codec json,avro] [--type user_login]
//            [--case decode] [--rounds N] [--time MS] [--no-memory]
// --node (or EVENTWIRE_BENCH_NODE) runs the bench on that Node; --all-nodes on 20, 22 and 24 in
// turn, 24 last; --readme writes the README's bench section from the results of each Node.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runBench } from "./bench.js";
import { writeReadme, writeResults } from "./results.js";
import { currentMajor, NODE_MAJORS, runOnNode } from "./runtime.js";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    node: { type: "string" },
    "all-nodes": { type: "boolean", default: false },
    codec: { type: "string", multiple: true, default: [] },
    type: { type: "string", multiple: true, default: [] },
    case: { type: "string", multiple: true, default: [] },
    rounds: { type: "string" },
    time: { type: "string" },
    "no-memory": { type: "boolean", default: false },
    readme: { type: "boolean", default: false },
  },
});

const script = fileURLToPath(import.meta.url);
const requested = args.node ?? process.env.EVENTWIRE_BENCH_NODE;

/** The arguments for a run on another Node: the same, without the ones that choose the Node. */
function forwarded(keepReadme: boolean): string[] {
  const out: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--node") i++;
    else if (arg.startsWith("--node=") || arg === "--all-nodes") continue;
    else if (arg === "--readme" && !keepReadme) continue;
    else out.push(arg);
  }
  return out;
}

if (args["all-nodes"]) {
  for (const major of NODE_MAJORS) {
    const code = runOnNode(major, script, forwarded(false));
    if (code !== 0) process.exit(code);
  }
  if (args.readme) writeReadme();
} else if (requested !== undefined && requested !== currentMajor()) {
  process.exit(runOnNode(requested, script, forwarded(true)));
} else {
  const split = (list: string[]) => list.flatMap((s) => s.split(",")).filter((s) => s !== "");
  const report = await runBench({
    quick: args.quick,
    filters: { codecs: split(args.codec), types: split(args.type), cases: split(args.case) },
    rounds: Number(args.rounds ?? (args.quick ? 1 : 3)),
    time: Number(args.time ?? (args.quick ? 40 : 150)),
    memory: !args["no-memory"],
  });
  writeResults(report);
  if (args.readme) writeReadme();
}
