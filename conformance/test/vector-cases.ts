// The valid cases of schemas/vectors: every example type, then edges of time, numbers, map keys
// and Unicode. Their bytes come from the reference tools (reference-vectors.ts).
import type { Envelope } from "@eventwire/envelope-core";
import { exampleEnvelopes } from "@eventwire/schemas";

const examples = exampleEnvelopes(7);
/** Each valid vector's name and envelope, in the order of `valid.json`. */
export const VALID_CASES: readonly [string, Envelope][] = [
  ["user_login", examples.user_login],
  ["order_placed", examples.order_placed],
  ["sensor_reading", examples.sensor_reading],
  ["log_batch", examples.log_batch],
  ["user_registered", examples.user_registered],
  ["log_line", examples.log_line],
  ["chat_message", examples.chat_message],
  [
    "earliest time, Unicode and escapes",
    {
      event_id: "ключ-🔑",
      event_type: "user_login",
      timestamp: "0001-01-01T00:00:00Z",
      source: "a",
      data: { user_id: "", ip: '\u0000\n"\\\u2028' },
    },
  ],
  [
    "latest time to the microsecond",
    { ...examples.user_login, event_id: "last", timestamp: "9999-12-31T23:59:59.999999Z" },
  ],
  [
    "before 1970, outside JavaScript's safe microseconds",
    { ...examples.user_login, event_id: "old", timestamp: "1600-02-29T12:00:00.000001Z" },
  ],
  [
    "number edges",
    {
      ...examples.sensor_reading,
      event_id: "numbers",
      data: {
        device_id: "d",
        temperature: -1e308,
        humidity: 5e-324,
        battery_pct: -2147483648,
        online: false,
        tags: [],
        readings: { max: 1.7976931348623157e308, tiny: -2.2250738585072014e-308, third: 1 / 3 },
      },
    },
  ],
  [
    "map keys that trip naive code, optional fields not set",
    {
      ...examples.order_placed,
      event_id: "keys",
      data: {
        order_id: "o",
        customer: { customer_id: "c", vip: false },
        items: [],
        status: "CANCELLED",
        total: 0,
        metadata: Object.fromEntries([
          ["__proto__", "p"],
          ["constructor", "c"],
          ["", "empty key"],
        ]),
      },
    },
  ],
  [
    "CJK, Cyrillic, astral emoji and combining marks, in the header and in data",
    {
      ...examples.chat_message,
      event_id: "сообщение-消息-𠀋",
      source: "чат/聊天/💬",
      data: {
        message_id: "m-𝄞",
        room: "Ёлка 🎄 圣诞",
        author: { user_id: "u-𠜎", display_name: "Zoe\u0308 Zoë Åsa" },
        text: "e\u0301 é 🧑🏽‍🚀 🇺🇦 Z\u0351\u036b\u0343 ḁ̵̛ 漢字 кириллица 😂",
        mentions: ["@李小龙", "@Ёжик", "@🦄"],
        reactions: { "e\u0301": 1, é: 2, "😂": 3, 𠜎: 4, "👍🏿": 5 },
        edited: true,
      },
    },
  ],
  [
    "non-ASCII map keys and the edges of UTF-8",
    {
      ...examples.log_line,
      event_id: "utf8-edges",
      data: {
        ...examples.log_line.data,
        message: "\u0080 \u07ff \u0800 \ufeff \uffef \u{10000} \u{10ffff}",
        attributes: { я: "ya", Я: "YA", 日本: "nihon", "\u{10ffff}": "max", "\u{1f600}": "grin", "": "empty" },
      },
    },
  ],
];
