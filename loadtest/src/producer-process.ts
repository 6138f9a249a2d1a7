// A producer in its own process, for logs that several server processes share (Redis).
import { makeCodec } from "./codecs.js";
import type { ProducePlan, ServerPlan } from "./ipc.js";
import { openLog } from "./open-log.js";
import { produce } from "./produce.js";

process.on("message", async (message: { kind: string; server: ServerPlan; plan: ProducePlan }) => {
  if (message.kind !== "produce") return;
  const log = openLog(message.server, makeCodec("protobuf"));
  const produced = await produce(log, message.plan);
  await log.close();
  process.send?.({ kind: "produced", ...produced });
});
