/**
 * Mocha fixture shared by the suites that watch traffic: a counting/fault proxy in front of the
 * run's real Skyvern server, and a direct client for checking what the server holds. Fault rules
 * and the request log are cleared after each test so one test's traffic never leaks into the next.
 */
import { NotFoundError, SkyvernClient } from "../../sdk";
import { FaultProxy } from "./fault-proxy";

export interface ProxiedSkyvern {
  /** Put its `url` in front of Skyvern to count requests or inject faults. */
  proxy: FaultProxy;
  /** Talks to the server directly, past the proxy. */
  direct: SkyvernClient;
}

export function useProxiedSkyvern(): ProxiedSkyvern {
  const fixture = {} as ProxiedSkyvern;
  before(async () => {
    fixture.proxy = await FaultProxy.start(process.env.SKYVERN_BASE_URL!);
    fixture.direct = new SkyvernClient();
  });
  afterEach(() => {
    fixture.proxy.rule = () => undefined;
    fixture.proxy.reset();
  });
  after(async () => {
    fixture.direct?.close();
    await fixture.proxy?.stop();
  });
  return fixture;
}

/** What a direct read gives, or undefined when the server answers 404; any other failure fails the test. */
export async function unlessNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
