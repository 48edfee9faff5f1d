/**
 * Which base URLs the client may talk to. The API key travels in a header on every request, so a
 * plain `http://` URL is accepted only where nothing but this machine can read the traffic: a
 * loopback host (a local Skyvern for development and tests). Everything else must be `https://`.
 */
import { isIPv4 } from "node:net";

/** Why this base URL is refused, or undefined when it is usable. */
export function baseUrlProblem(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `must be an absolute http(s) URL such as https://api.skyvern.com (got "${baseUrl}")`;
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol !== "http:") return `must start with https:// (got ${url.protocol}//)`;
  if (isLoopbackHost(url.hostname)) return undefined;
  return `must use https:// for ${url.host}: plain http:// is accepted only for a loopback host (127.0.0.0/8, localhost, [::1]), because the API key and the secrets would cross the network unencrypted`;
}

/**
 * Hosts that never leave this machine. WHATWG URL parsing has already normalised the spellings of
 * an IPv4 address (`2130706433`, `0x7f.1`) to dotted form and lower-cased names.
 */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") return true;
  return isIPv4(hostname) && hostname.startsWith("127.");
}
