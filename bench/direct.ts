/**
 * The same HTTP work without Pulumi: what a user's own script at the same concurrency costs, through
 * this package's sdk client. `list` is a refresh's HTTP work since reads are coalesced: every
 * credential through the list endpoint, in the provider's page size; `get` is one GET each, as a
 * refresh read before.
 */
import { SkyvernClient } from "../sdk";
import { CREDENTIAL_PAGE_SIZE } from "../provider/shared/coalesced-reads";
import type { FaultProxy } from "../tests/support/fault-proxy";
import { round } from "./lifecycle";

export const DIRECT_STEPS = ["create", "update", "list", "get", "delete"] as const;
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
      list: await measure(async () => {
        const listed: unknown[] = [];
        for await (const credential of client.credentials.list({ pageSize: CREDENTIAL_PAGE_SIZE })) listed.push(credential);
        if (listed.length !== ids.length) throw new Error(`the direct listing returned ${listed.length} credentials, not the ${ids.length} it created`);
      }),
      get: await measure(() => Promise.all(ids.map((id) => client.credentials.get(id)))),
      delete: await measure(() => Promise.all(ids.map((id) => client.credentials.delete(id)))),
    };
  } finally {
    client.close();
  }
}
