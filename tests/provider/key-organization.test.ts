/**
 * The organization of the API key, which the organization guard compares with each resource's.
 * A self-hosted key names it (its JWT `sub`): no request. Any other key (Skyvern Cloud's may differ)
 * is asked about once per client, at `GET /api/v1/organizations/me`. The real server accepts only
 * its own JWTs, so the other kind is answered by the proxy; the JWT case runs against the real one.
 */
import assert from "node:assert/strict";
import { organizationIdInKey, SkyvernClient } from "../../sdk";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

describe("the organization of the API key", () => {
  const skyvern = useProxiedSkyvern();

  it("a self-hosted key names its organization, which is the one the server reports: no request", async () => {
    const fromKey = organizationIdInKey(process.env.SKYVERN_API_KEY!);
    assert.match(String(fromKey), /^o_\d+$/);
    assert.equal((await skyvern.direct.organizations.me()).organizationId, fromKey);
    const client = new SkyvernClient({ baseUrl: skyvern.proxy.url });
    try {
      assert.equal(await client.organizations.keyOrganizationId(), fromKey);
      assert.deepEqual(skyvern.proxy.requests, []);
    } finally {
      client.close();
    }
  });

  it("any other key is asked about once per client", async () => {
    skyvern.proxy.rule = ({ path }) => (path === "/api/v1/organizations/me"
      ? { kind: "respond", status: 200, body: { organization_id: "o_42", organization_name: "Cloud team" } }
      : undefined);
    const client = new SkyvernClient({ baseUrl: skyvern.proxy.url, apiKey: "sk-not-a-jwt" });
    try {
      assert.equal(organizationIdInKey("sk-not-a-jwt"), undefined);
      const answers = await Promise.all([client.organizations.keyOrganizationId(), client.organizations.keyOrganizationId()]);
      assert.deepEqual([...answers, await client.organizations.keyOrganizationId()], ["o_42", "o_42", "o_42"]);
      assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), ["GET /api/v1/organizations/me"]);
    } finally {
      client.close();
    }
  });

  it("a failed lookup is not remembered", async () => {
    let calls = 0;
    skyvern.proxy.rule = ({ path }) => (path === "/api/v1/organizations/me" && calls++ === 0
      ? { kind: "status", status: 403 }
      : { kind: "respond", status: 200, body: { organization_id: "o_43" } });
    const client = new SkyvernClient({ baseUrl: skyvern.proxy.url, apiKey: "sk-not-a-jwt" });
    try {
      await assert.rejects(client.organizations.keyOrganizationId(), /GET \/api\/v1\/organizations\/me failed with HTTP 403/);
      assert.equal(await client.organizations.keyOrganizationId(), "o_43");
    } finally {
      client.close();
    }
  });
});
