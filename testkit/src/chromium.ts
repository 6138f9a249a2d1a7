/** Debian's chromium, the browser every browser test of this repository drives through playwright-core. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * The flags every test starts Chromium with: no sandbox (the tests run as root), no GPU, and
 * none of the browser's own network chatter, so that its only traffic is the test's, on loopback.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Options of {@link chromiumLaunchOptions}. */
export interface ChromiumOptions {
  /** Accept any certificate (the example server's is self-signed). Default false. */
  readonly ignoreCertificateErrors: boolean;
  /** Speak HTTP/1.1 only, never HTTP/2. Default false. */
  readonly disableHttp2: boolean;
}

/** What to pass to playwright-core's `chromium.launch`: where Chromium is, and its flags. */
export function chromiumLaunchOptions(options: Partial<ChromiumOptions> = {}): {
  executablePath: string;
  args: string[];
} {
  const args = [...CHROMIUM_ARGS];
  if (options.ignoreCertificateErrors === true) args.push("--ignore-certificate-errors");
  if (options.disableHttp2 === true) args.push("--disable-http2");
  return { executablePath: CHROMIUM_PATH, args };
}
