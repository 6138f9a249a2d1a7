// The example event types' names, for EventSource listeners (the page cannot read schemas/).
// Keep in step with EXAMPLE_TYPES of @eventwire/schemas: a listener missing here misses events.
export const EXAMPLE_TYPES = [
  "user_login",
  "order_placed",
  "sensor_reading",
  "log_batch",
  "user_registered",
  "log_line",
  "chat_message",
] as const;
