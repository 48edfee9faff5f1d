/**
 * The same HTTP work without Pulumi: what a user's own script at the same concurrency costs, through
 * this package's sdk client.
 */
import { SkyvernClient } from "../sdk";
import type { FaultProxy } from "../tests/support/fault-proxy";
import { round } from "./lifecycle";

export const DIRECT_STEPS = ["create", "update", "get", "delete"] as const;
export type DirectStep = (typeof DIRECT_STEPS)[number];

export interface DirectMeasurement {
  seconds: number;
  requests: number;
}

export async function directRun(n: number, proxy: FaultProxy, concurrency: number): Promise<Record<DirectStep, DirectMeasurement>> {
  const client = new SkyvernClient({ baseUrl: proxy.url, maxConcurrency: concurrency });
  const request = (i: number, password: string) => ({ name: `direct-${i}`, credentialType: "password" as const, credential: { username: `user-${i}@example.com`, password } });
  const measure = async (work: () => Promise<unknown>): Promise<DirectMeasurement> => {
    proxy.reset();
    const started = process.hrtime.bigint();
    await work();
    return { seconds: round(Number(process.hrtime.bigint() - started) / 1e9), requests: proxy.requests.length };
  };
  let ids: string[] = [];
  try {
    return {
      create: await measure(async () => { ids = (await Promise.all(Array.from({ length: n }, (_, i) => client.credentials.create(request(i, "p0"))))).map((c) => c.credentialId); }),
      update: await measure(() => Promise.all(ids.map((id, i) => client.credentials.update(id, request(i, "p1"))))),
      get: await measure(() => Promise.all(ids.map((id) => client.credentials.get(id)))),
      delete: await measure(() => Promise.all(ids.map((id) => client.credentials.delete(id)))),
    };
  } finally {
    client.close();
  }
}
