// The example event types of eventwire, loaded from the files beside this one, and seeded
// example envelopes shared by the tests and the bench. Node only (it reads files).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// The first four are nearly all ASCII, small to large; the last three hold strings that are mostly
// not ASCII (Chinese, Russian, emoji and mixed scripts), where UTF-8 costs differ.
export const EXAMPLE_TYPES = Object.freeze([
  "user_login",
  "order_placed",
  "sensor_reading",
  "log_batch",
  "user_registered",
  "log_line",
  "chat_message",
]);

export const SCHEMA_DIR = fileURLToPath(new URL(".", import.meta.url));

export const PROTO_MESSAGES = Object.freeze({
  user_login: "eventwire.examples.v1.UserLogin",
  order_placed: "eventwire.examples.v1.OrderPlaced",
  sensor_reading: "eventwire.examples.v1.SensorReading",
  log_batch: "eventwire.examples.v1.LogBatch",
  user_registered: "eventwire.examples.v1.UserRegistered",
  log_line: "eventwire.examples.v1.LogLine",
  chat_message: "eventwire.examples.v1.ChatMessage",
});

export function readSchemaFile(name) {
  return readFileSync(new URL(name, import.meta.url), "utf8");
}

function loadEach(extension, parse) {
  return Object.fromEntries(EXAMPLE_TYPES.map((type) => [type, parse(readSchemaFile(`events/${type}.${extension}`))]));
}

export function loadJsonSchemas() {
  return loadEach("schema.json", JSON.parse);
}

export function loadAvroSchemas() {
  return loadEach("avsc", JSON.parse);
}

export function loadProtoSources() {
  return loadEach("proto", (text) => text);
}

// A small deterministic generator (mulberry32), so that fixtures are the same in every run.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "request",
  "cache",
  "user",
  "session",
  "timeout",
  "retry",
  "payload",
  "queue",
  "worker",
  "shard",
  "token",
  "index",
];
const LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"];

// Words for the non-ASCII types: real scripts, astral emoji, ZWJ sequences and flags.
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "欧阳", "司马"];
const GIVEN_NAMES = ["伟", "芳", "娜", "秀英", "敏", "静", "丽强", "磊", "军", "洋", "艳", "子涵"];
const PLACES = [
  ["广东省", "广州市", "天河区体育西路"],
  ["广东省", "深圳市", "南山区科技园南区高新南一道"],
  ["浙江省", "杭州市", "西湖区文三路"],
  ["四川省", "成都市", "武侯区人民南路四段"],
  ["江苏省", "苏州市", "姑苏区干将西路"],
];
const BUILDINGS = ["华润大厦", "阳光花园", "创新科技大楼", "金融中心"];
const RUSSIAN_NAMES = ["Иванов Иван", "Смирнова Анна", "Кузнецов Пётр", "Попова Екатерина", "Соколов Дмитрий"];
const CITIES = ["Москва", "Санкт-Петербург", "Новосибирск", "Екатеринбург", "Казань"];
const BANKS = ["Сбербанк", "Т-Банк", "Альфа-Банк", "ВТБ"];
const SEVERITIES = [
  ["INFO", 9],
  ["WARN", 13],
  ["ERROR", 17],
];
const ROOMS = ["🎉 команда-праздник", "日本語チャット 🗾", "общий чат 💬", "家族群 👨‍👩‍👧‍👦"];
const CHAT_AUTHORS = ["Мария 🌸", "李娜 🐼", "Sofía ⚽", "Юки 🍣", "王伟 🚀"];
const CHAT_PHRASES = [
  "Поздравляю с релизом! 🎉🚀🥳",
  "太好了，今晚一起吃火锅吧 🍲🔥",
  "みんな、お疲れさまでした 🙏✨",
  "Кто сегодня дежурит? 🤔",
  "👨‍👩‍👧‍👦 周末去爬山吗？⛰️",
  "Встречаемся в 19:00 у входа 🇷🇺🇨🇳🇯🇵",
  "спасибо 😂👍 это было смешно",
];
const REACTIONS = ["👍", "🎉", "❤️", "😂", "🔥", "🙏"];

export function exampleEnvelopes(seed = 7) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const int = (max) => Math.floor(next() * max);
  const id = (n) =>
    `${n.toString(16).padStart(8, "0")}-4c1a-4b7e-9a3d-${int(2 ** 32)
      .toString(16)
      .padStart(12, "0")}`;
  const header = (n, type, source) => ({
    event_id: id(n),
    event_type: type,
    timestamp: `2026-11-27T06:${String(10 + n).padStart(2, "0")}:${String(int(60)).padStart(2, "0")}.${String(int(1000)).padStart(3, "0")}Z`,
    source,
  });
  const entries = Array.from({ length: 46 }, (_, i) => {
    const entry = {
      level: pick(LEVELS),
      message: `${pick(WORDS)} ${pick(WORDS)} finished for ${pick(WORDS)} #${int(100000)} after ${int(900)} ms`,
      logger: `app.${pick(WORDS)}.${pick(WORDS)}`,
      line: 10 + int(2000),
      duration_ms: Math.round(next() * 1e5) / 100,
      attributes: { trace_id: int(2 ** 32).toString(16), region: pick(["eu-west-1", "us-east-2", "ap-south-1"]) },
    };
    if (i % 9 === 4)
      entry.error = {
        type: "TimeoutError",
        stack: [`at ${pick(WORDS)} (worker.js:${int(400)})`, `at run (queue.js:${int(400)})`],
      };
    return entry;
  });
  return {
    user_login: { ...header(1, "user_login", "auth-service"), data: { user_id: `u_${int(1e6)}`, ip: "203.0.113.42" } },
    order_placed: {
      ...header(2, "order_placed", "checkout"),
      data: {
        order_id: `ord_${int(1e9)}`,
        customer: { customer_id: `c_${int(1e6)}`, email: "ada@example.com", vip: true },
        items: [
          { sku: "BOOK-0042", quantity: 2, unit_price: 12.5 },
          { sku: "PEN-0007", quantity: 10, unit_price: 0.99 },
          { sku: "LAMP-1138", quantity: 1, unit_price: 49.95 },
        ],
        status: "PAID",
        total: 84.85,
        metadata: { channel: "web", campaign: "autumn" },
      },
    },
    sensor_reading: {
      ...header(3, "sensor_reading", "plant-7/line-2"),
      data: {
        device_id: "sensor-0x3f9a",
        temperature: 21.375,
        humidity: 48.2,
        battery_pct: 87,
        online: true,
        tags: ["hall-b", "calibrated"],
        readings: { pressure_hpa: 1013.25, co2_ppm: 612, lux: 340.5 },
        location: { lat: 52.520008, lon: 13.404954 },
      },
    },
    log_batch: {
      ...header(4, "log_batch", "log-shipper"),
      data: { service: "orders-api", host: "orders-api-7d9f-x2", entries },
    },
    ...nonAsciiExamples(header, pick, int),
  };
}

// The types whose strings are mostly not ASCII, drawn from the same seeded stream.
function nonAsciiExamples(header, pick, int) {
  const [province, city, district] = pick(PLACES);
  const registered = {
    user_id: `u_${int(1e6)}`,
    display_name: `${pick(SURNAMES)}${pick(GIVEN_NAMES)}`,
    address: {
      country: "中国",
      province,
      city,
      street: `${district}${1 + int(300)}号${pick(BUILDINGS)}${1 + int(30)}楼`,
      postal_code: String(100000 + int(900000)),
    },
    locale: "zh-CN",
  };
  if (int(2) === 0) registered.referrer = "微信朋友圈推广活动";
  const [severity_text, severity_number] = pick(SEVERITIES);
  const customer = pick(RUSSIAN_NAMES);
  const mentions = Array.from({ length: int(3) }, () => `@${pick(CHAT_AUTHORS).split(" ")[0]}`);
  const reactions = Object.fromEntries(REACTIONS.filter(() => int(2) === 0).map((r) => [r, 1 + int(40)]));
  const chat = {
    message_id: `m_${int(1e9)}`,
    room: pick(ROOMS),
    author: { user_id: `u_${int(1e6)}`, display_name: pick(CHAT_AUTHORS) },
    text: Array.from({ length: 2 + int(3) }, () => pick(CHAT_PHRASES)).join(" "),
    mentions,
    reactions,
    edited: int(4) === 0,
  };
  if (int(3) === 0) chat.reply_to = `m_${int(1e9)}`;
  return {
    user_registered: { ...header(5, "user_registered", "account-service"), data: registered },
    log_line: {
      ...header(6, "log_line", "payments-gateway"),
      data: {
        service: "платёжный-шлюз",
        host: "msk-pay-03",
        severity_text,
        severity_number,
        logger: "app.платежи.обработчик",
        message: `Не удалось провести платёж №${int(1e6)} клиента «${customer}»: банк не ответил за ${100 + int(900)} мс, повторная попытка через ${1 + int(60)} с`,
        attributes: {
          пользователь: customer,
          город: pick(CITIES),
          банк: pick(BANKS),
          trace_id: int(2 ** 32).toString(16),
        },
      },
    },
    chat_message: { ...header(7, "chat_message", "chat-service"), data: chat },
  };
}

export function loadVectors() {
  return {
    valid: JSON.parse(readSchemaFile("vectors/valid.json")),
    invalid: JSON.parse(readSchemaFile("vectors/invalid.json")),
  };
}
