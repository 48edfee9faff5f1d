/**
 * A 404 drops a credential or folder from state (refresh) or counts it as deleted (destroy) only
 * when the server that answered proves it is the Skyvern that knows this key: before dropping, the
 * runtime asks `GET /api/v1/organizations/me` once per provider process. A base URL that points
 * elsewhere (a stale SKYVERN_BASE_URL, a proxy or a service answering 404 to everything) must not
 * empty a stack. The runtimes run in this process, against the real server (through the counting
 * proxy) and against a loopback stub that answers 404 to everything.
 */
import assert from "node:assert/strict";
import type { ConfigureRequest } from "@pulumi/pulumi/dynamic";
import * as folderRuntime from "../../provider/folder/runtime";
import * as runtime from "../../provider/credential/runtime";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { RecordingServer } from "../support/recording-server";

const configureFor = (baseUrl: string) =>
  runtime.configure({ config: { get: (key: string) => (key === "skyvern:baseUrl" ? baseUrl : undefined) } } as unknown as ConfigureRequest);

describe("a 404 drops a resource only when the server proves it knows the key", () => {
  const skyvern = useProxiedSkyvern();
  let everythingNotFound: RecordingServer | undefined;
  afterEach(async () => {
    await everythingNotFound?.stop();
    everythingNotFound = undefined;
  });

  it("from a server answering 404 to everything, refresh and destroy of a credential and a folder fail naming the base URL, and nothing is dropped", async () => {
    everythingNotFound = await RecordingServer.start("127.0.0.1", (_, res) => void res.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Not Found"}'));
    await configureFor(everythingNotFound.url);
    const url = everythingNotFound.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const refused = new RegExp(`Skyvern answered "not found" for (credential cred_1234|folder cfld_1234), but the server at ${url} could not confirm the API key's organization, so nothing was dropped from state: GET /api/v1/organizations/me failed with HTTP 404`);

    await assert.rejects(runtime.read("cred_1234", { credentialType: "secret", name: "kept" }), refused);
    await assert.rejects(runtime.delete("cred_1234", { credentialType: "secret", name: "kept" }), refused);
    await assert.rejects(folderRuntime.read("cfld_1234", { title: "kept" }), refused);
    await assert.rejects(folderRuntime.delete("cfld_1234", { title: "kept" }), refused);
    assert.deepEqual(everythingNotFound.requests.map((r) => `${r.method} ${r.path}`), [
      "GET /v1/credentials/cred_1234", "GET /api/v1/organizations/me",
      "POST /v1/credentials/cred_1234/delete", "GET /api/v1/organizations/me",
      "GET /v1/credential_folders/cfld_1234", "GET /api/v1/organizations/me",
      "DELETE /v1/credential_folders/cfld_1234", "GET /api/v1/organizations/me",
    ], "each 404 was checked, and a failed check is not remembered");
  });

  it("from the real server, a deleted credential is dropped after one organization check per process", async () => {
    await configureFor(skyvern.proxy.url);
    const first = await skyvern.direct.credentials.create({ name: `gone-1-${Date.now()}`, credentialType: "secret", credential: { secretValue: "not-a-canary-1" } });
    const second = await skyvern.direct.credentials.create({ name: `gone-2-${Date.now()}`, credentialType: "secret", credential: { secretValue: "not-a-canary-2" } });
    await skyvern.direct.credentials.delete(first.credentialId);
    await skyvern.direct.credentials.delete(second.credentialId);
    skyvern.proxy.reset();

    assert.deepEqual(await runtime.read(first.credentialId, { credentialType: "secret", name: first.name }), {}, "dropped");
    assert.deepEqual(await runtime.read(second.credentialId, { credentialType: "secret", name: second.name }), {}, "dropped");
    await runtime.delete(first.credentialId, { credentialType: "secret", name: first.name });
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path} ${r.outcome}`), [
      `GET /v1/credentials/${first.credentialId} forwarded 404`, "GET /api/v1/organizations/me forwarded 200",
      `GET /v1/credentials/${second.credentialId} forwarded 404`,
      `POST /v1/credentials/${first.credentialId}/delete forwarded 404`,
    ]);
  });
});
