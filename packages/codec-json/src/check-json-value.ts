import { EnvelopeError } from "@eventwire/envelope-core";
import { appendPointer, isPlainObject } from "@eventwire/envelope-core/wire";

/**
 * Checks that `value` is plain JSON data (objects, arrays, strings, finite numbers, booleans,
 * null) no deeper than `maxDepth`. Used for `data` of event types that no schema describes.
 * Throws `INVALID_DATA`, or `LIMIT_EXCEEDED` when nested too deep.
 */
export function checkJsonValue(value: unknown, maxDepth: number, path: string, eventType: string): void {
  const fail = (at: string, why: string): never => {
    throw new EnvelopeError("INVALID_DATA", why, { path: at, eventType });
  };
  const walk = (node: unknown, depth: number, at: string): void => {
    switch (typeof node) {
      case "string":
      case "boolean":
        return;
      case "number":
        if (!Number.isFinite(node)) fail(at, `${node} is not a finite number`);
        return;
      case "object": {
        if (node === null) return;
        if (depth >= maxDepth) {
          throw new EnvelopeError("LIMIT_EXCEEDED", `data is nested deeper than maxDepth ${maxDepth}`, {
            path: at,
            eventType,
          });
        }
        if (Array.isArray(node)) {
          for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, appendPointer(at, i));
          return;
        }
        if (!isPlainObject(node)) fail(at, "is not a plain object");
        for (const key of Object.keys(node))
          walk((node as Record<string, unknown>)[key], depth + 1, appendPointer(at, key));
        return;
      }
      default:
        fail(at, `a ${typeof node} is not JSON data`);
    }
  };
  walk(value, 0, path);
}
