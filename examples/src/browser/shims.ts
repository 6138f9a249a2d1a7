// What the npm ports of Node's util and buffer expect to find in the browser.
export const process = { env: {}, browser: true, version: "", versions: {} };
