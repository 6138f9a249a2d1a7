import { EnvelopeError } from "@eventwire/envelope-core";
import { appendPointer, isPlainObject } from "@eventwire/envelope-core/wire";

/**
 * Checks that `value` is plain JSON data (objects, arrays, strings, finite numbers, booleans,
 * null) no deeper than `maxDepth`, that `JSON.stringify` writes as it is: no `toJSON` anywhere
 * (it would write what toJSON returns), no field that is not enumerable
 * (it would be dropped), no hole or `undefined` in an array (it would become null). Used for
 * `data` of event types that no schema describes, and before writing data that ajv accepted
 * but the fast check did not (ajv sees what JSON.stringify does not). `unsetAllowed`: a field
 * whose value is `undefined` is taken as not set, as a schema's optional field is.
 * Throws `INVALID_DATA`, or `LIMIT_EXCEEDED` when nested too deep (a cycle, too).
 */
export function checkJsonValue(
  value: unknown,
  maxDepth: number,
  path: string,
  eventType: string,
  unsetAllowed = false,
): void {
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
        const array = Array.isArray(node);
        // JSON.stringify writes what a toJSON returns (a class's, a Date's), an array by its indices.
        if ((node as { toJSON?: unknown }).toJSON !== undefined || !(array || isPlainObject(node)))
          fail(at, "is not a plain object or array");
        if (array) {
          for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, appendPointer(at, i));
          return;
        }
        const keys = Object.keys(node);
        if (Object.getOwnPropertyNames(node).length !== keys.length) fail(at, "has a hidden field");
        for (const key of keys) {
          const item = (node as Record<string, unknown>)[key];
          if (item !== undefined || !unsetAllowed) walk(item, depth + 1, appendPointer(at, key));
        }
        return;
      }
      default:
        fail(at, `a ${typeof node} is not JSON data`);
    }
  };
  walk(value, 0, path);
}
