// The SSE parser against TextDecoder + eventsource-parser on ASCII and multi-byte text, from the
// built package: `pnpm --filter @eventwire/sse-frame build && node packages/sse-frame/bench/parse.mjs`.
// Run it on each Node to compare (the goal: 1.2x..2x of the baseline on Node 20 and 24).
import { createParser } from "eventsource-parser";
import { createSseParser } from "../dist/index.js";

const texts = {
  ascii: "user 42 logged in from 192.168.0.1 with agent Mozilla/5.0",
  cjk: "用户四十二从上海的办公室登录了系统，使用的是新版浏览器。",
  cyrillic: "Пользователь сорок два вошёл в систему из московского офиса.",
  emoji: "user 42 🎉 logged in 🚀 from the office 🏢 with a smile 😀",
};
const encoder = new TextEncoder();

/** 200 JSON-like frames whose strings are `text`, as one byte stream. */
function makeStream(text) {
  let out = "";
  for (let i = 0; i < 200; i++) {
    const data = JSON.stringify({
      event_id: `id-${i}`,
      event_type: "user_login",
      source: "auth",
      data: { note: text, n: i },
    });
    out += `id: id-${i}\nevent: user_login\ndata: ${data}\n\n`;
  }
  return encoder.encode(out);
}

function parseOurs(bytes) {
  let count = 0;
  const parser = createSseParser({ onMessage: () => count++ });
  parser.feed(bytes);
  parser.end();
  return count;
}

function parseBaseline(bytes) {
  let count = 0;
  const parser = createParser({ onEvent: () => count++ });
  parser.feed(new TextDecoder().decode(bytes));
  return count;
}

/** Operations per second: the median of `rounds` rounds of `ms` milliseconds. */
function measure(fn, bytes, rounds = 5, ms = 200) {
  const results = [];
  for (let r = 0; r < rounds; r++) {
    let ops = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      if (fn(bytes) !== 200) throw new Error("wrong count");
      ops++;
      now = performance.now();
    }
    results.push((ops * 1000) / (now - start));
  }
  return results.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

console.log(`Node ${process.version}`);
for (const [name, text] of Object.entries(texts)) {
  const bytes = makeStream(text);
  measure(parseOurs, bytes, 1, 100);
  measure(parseBaseline, bytes, 1, 100);
  const ours = measure(parseOurs, bytes);
  const base = measure(parseBaseline, bytes);
  console.log(`${name.padEnd(9)} ${(ours / base).toFixed(2)}x  (${Math.round(ours)} vs ${Math.round(base)} streams/s)`);
}
