// The example event types' names, for EventSource listeners (the page cannot read schemas/).
export const EXAMPLE_TYPES = ["user_login", "order_placed", "sensor_reading", "log_batch"] as const;
