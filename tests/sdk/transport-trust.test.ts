/**
 * What the client sends, and to whom: only the configured base URL (redirects are reported, never
 * followed; plain http only on loopback), only well-formed ids in request paths, bounded lists and
 * bounded replies; and what it repeats from a reply: never a value it was sent, in any form the
 * server echoes it (case folded, spaces removed or added, inside a 422 field error, metadata).
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  CredentialInputError, FolderInputError, RedirectError, ResponseTooLargeError, SkyvernClient, SkyvernConfigurationError, ValidationError,
  BadRequestError, type CreateCredentialRequest,
} from "../../sdk";
import { MAX_RESPONSE_BYTES } from "../../sdk/http";
import { canary, canaryCardNumber, canarySeed, findCanaries } from "../support/canary";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { RecordingServer, redirectingTo } from "../support/recording-server";

const apiKey = () => process.env.SKYVERN_API_KEY!;

/** Every way an error can be read: message, stack, JSON, inspect (which shows cause and own fields). */
const errorTexts = (error: Error) => ({ message: error.message, stack: String(error.stack), json: JSON.stringify(error), inspected: inspect(error, { depth: 8 }) });

describe("sdk: requests go to the configured base URL only", () => {
  let other: RecordingServer;
  let front: RecordingServer;
  const frontBody = canary("frontbody");

  afterEach(async () => {
    await other?.stop();
    await front?.stop();
  });

  // Another loopback host for 307, another port of the same host for 308: both are "elsewhere".
  for (const [status, otherHost] of [[307, "127.0.0.2"], [308, "127.0.0.1"]] as const) {
    it(`reports a ${status} to another address (${otherHost}, another port) naming status and host; the other address receives nothing, no key, no body`, async () => {
      other = await RecordingServer.start(otherHost);
      front = await RecordingServer.start("127.0.0.1", redirectingTo(() => other.url, status, `moved: ${frontBody}`));
      const client = new SkyvernClient({ baseUrl: front.url, apiKey: apiKey(), backoff: { baseDelayMs: 10 } });
      const secret = canary("redirected");
      const calls: [string, () => Promise<unknown>][] = [
        ["create", () => client.credentials.create({ name: "r", credentialType: "secret", credential: { secretValue: secret } })],
        ["update", () => client.credentials.update("cred_1", { name: "r", credentialType: "secret", credential: { secretValue: secret } })],
        ["get", () => client.credentials.get("cred_1")],
        ["delete", () => client.credentials.delete("cred_1")],
        ["folder get", () => client.folders.get("cfld_1")],
      ];
      let frontReceived = "";
      for (const [operation, call] of calls) {
        frontReceived += front.received();
        front.requests.length = 0;
        await assert.rejects(call(), (error: Error) => {
          assert.equal(error.constructor, RedirectError, `${operation}: ${error.name}: ${error.message}`);
          assert.equal((error as RedirectError).status, status);
          assert.equal((error as RedirectError).redirectHost, other.hostPort);
          assert.match(error.message, new RegExp(`failed with HTTP ${status}: a redirect to ${other.hostPort.replace(/\./g, "\\.")}, not followed\\. Requests are sent only to the configured base URL`));
          assert.deepEqual(findCanaries([secret, apiKey(), frontBody], errorTexts(error)), [], `${operation}: no secret, key or redirect body in the error`);
          return true;
        });
        assert.equal(front.requests.length, 1, `${operation}: one request to the base URL, not retried`);
      }
      assert.ok(frontReceived.includes(secret) && frontReceived.includes(apiKey()), "positive control: the configured base URL did receive the secret and the key");
      assert.deepEqual(other.requests.map((r) => `${r.method} ${r.path}`), [], "the other address received no request at all");
      client.close();
    });
  }

  it("refuses a plain http:// base URL unless the host is loopback, before any request", () => {
    for (const baseUrl of ["http://192.0.2.2:8000", "http://skyvern.example.com", "http://10.0.0.1", "http://[fd00::2]:8000", "http://127.example.com", "ftp://127.0.0.1"]) {
      assert.throws(() => new SkyvernClient({ baseUrl, apiKey: "k" }), (error: Error) => {
        assert.equal(error.constructor, SkyvernConfigurationError, `${baseUrl}: ${error.message}`);
        assert.match(error.message, /^the Skyvern base URL must (use https:\/\/ for .*loopback host \(127\.0\.0\.0\/8, localhost, \[::1\]\)|start with https:\/\/)/, baseUrl);
        return true;
      });
    }
    for (const baseUrl of ["https://api.skyvern.com", "https://192.0.2.2:8443", "http://127.0.0.1:8000", "http://127.1.2.3", "http://localhost:8000", "http://[::1]:8000", "http://2130706433"]) {
      new SkyvernClient({ baseUrl, apiKey: "k" }).close();
    }
  });

  it("drops a reply larger than the cap with ResponseTooLargeError, not retried", async () => {
    const chunk = Buffer.alloc(1 << 20, "a");
    front = await RecordingServer.start("127.0.0.1", (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      let sent = 0;
      const more = () => {
        while (sent <= MAX_RESPONSE_BYTES + chunk.length) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end();
      };
      res.on("error", () => undefined);
      more();
    });
    const client = new SkyvernClient({ baseUrl: front.url, apiKey: apiKey() });
    await assert.rejects(client.credentials.get("cred_1"), (error: ResponseTooLargeError) => {
      assert.equal(error.constructor, ResponseTooLargeError, `${error.name}: ${error.message}`);
      assert.match(error.message, new RegExp(`^GET /v1/credentials/cred_1: the response exceeded the client's limit of ${MAX_RESPONSE_BYTES} bytes`));
      return true;
    });
    assert.equal(front.requests.length, 1);
    client.close();
  });
});

describe("sdk: ids and page sizes are checked before any request", () => {
  const skyvern = useProxiedSkyvern();

  it("refuses malformed credential and folder ids (e.g. `..`), naming the field, with no request", async () => {
    const client = new SkyvernClient({ baseUrl: skyvern.proxy.url });
    const request: CreateCredentialRequest = { name: "n", credentialType: "secret", credential: { secretValue: canary("id") } };
    for (const id of ["cred_1/../..", "..", "cred_1/delete", "cred_", "cred_1?x=1", "1234", "cfld_1"]) {
      for (const call of [
        () => client.credentials.get(id), () => client.credentials.update(id, request), () => client.credentials.delete(id),
        () => client.credentials.patch(id, { name: "x" }), () => client.credentials.setFolder(id, null), () => client.credentials.totpCode(id),
      ]) {
        // Some methods throw before returning a promise, others reject: either way, the same error.
        await assert.rejects(async () => call(), (error: CredentialInputError) =>
          error.constructor === CredentialInputError && /^invalid credential input: credentialId: must be a Skyvern id such as cred_1234567890/.test(error.message));
      }
    }
    for (const id of ["cfld_../..", "..", "cred_1", "cfld_1/x"]) {
      for (const call of [() => client.folders.get(id), () => client.folders.update(id, { title: "t" }), () => client.folders.delete(id)]) {
        await assert.rejects(call(), (error: FolderInputError) => error.constructor === FolderInputError && /^invalid folder input: folderId: must be a Skyvern id such as cfld_1234567890/.test(error.message));
      }
    }
    assert.equal(skyvern.proxy.requests.length, 0);
    client.close();
  });

  it("refuses a credential list page size below 1 instead of looping, with no request", async () => {
    const client = new SkyvernClient({ baseUrl: skyvern.proxy.url });
    for (const pageSize of [0, -1, 2.5]) {
      await assert.rejects((async () => { for await (const _ of client.credentials.list({ pageSize })) break; })(), (error: CredentialInputError) =>
        error.constructor === CredentialInputError && /pageSize: must be a whole number of at least 1/.test(error.message));
    }
    assert.equal(skyvern.proxy.requests.length, 0);
    client.close();
  });
});

describe("sdk: values sent are redacted in every form a server echoes them", () => {
  const skyvern = useProxiedSkyvern();

  function replyOnce(status: number, reply: (body: Record<string, unknown>) => unknown) {
    skyvern.proxy.rule = (request) => (request.method === "POST" ? { kind: "reply", status, reply: (text) => reply(JSON.parse(text)) } : undefined);
  }

  /** Fails unless the proxy's reply held every form (positive control) and the error holds none. */
  function assertRedacted(error: Error, forms: string[]) {
    const replied = skyvern.proxy.requests.map((r) => r.replied ?? "").join("\n");
    assert.deepEqual(forms.filter((form) => !replied.includes(form)), [], "positive control: the server's reply quoted every form");
    assert.deepEqual(findCanaries(forms, errorTexts(error)), [], "no form of a value sent is in the error");
    assert.match(error.message, /\[redacted\]/);
  }

  it("redacts a 422 field error quoting the password (pydantic's `Value error, weak password '...'`)", async () => {
    const client = new SkyvernClient({ baseUrl: skyvern.proxy.url });
    const password = canary("weakpw");
    replyOnce(422, (body) => ({ detail: [{ loc: ["body", "credential", "password"], msg: `Value error, weak password '${(body.credential as { password: string }).password}'`, type: "value_error" }] }));
    await assert.rejects(client.credentials.create({ name: "w", credentialType: "password", credential: { username: "u", password } }), (error: ValidationError) => {
      assert.equal(error.constructor, ValidationError);
      assertRedacted(error, [password]);
      assert.deepEqual(error.fieldErrors, [{ path: "credential.password", message: "Value error, weak password '[redacted]'" }]);
      return true;
    });
    client.close();
  });

  it("redacts a TOTP seed echoed upper-cased without spaces, and the seed inside an otpauth URI", async () => {
    const client = new SkyvernClient({ baseUrl: skyvern.proxy.url });
    const seed = canarySeed();
    const typed = seed.toLowerCase().replace(/(.{4})/g, "$1 ").trim(); // as an authenticator setup screen shows it
    replyOnce(400, () => ({ detail: `Invalid TOTP secret ${seed}` }));
    await assert.rejects(client.credentials.create({ name: "t", credentialType: "password", credential: { username: "u", password: canary("pw"), totp: typed, totpType: "authenticator" } }), (error: BadRequestError) => {
      assert.equal(error.constructor, BadRequestError);
      assertRedacted(error, [seed]);
      assert.match(error.message, /HTTP 400: Invalid TOTP secret \[redacted\]/);
      return true;
    });
    const uriSeed = canarySeed();
    replyOnce(400, () => ({ detail: `Invalid TOTP secret: ${uriSeed.toLowerCase()}` }));
    await assert.rejects(client.credentials.create({ name: "t", credentialType: "password", credential: { username: "u", password: canary("pw"), totp: `otpauth://totp/x?secret=${uriSeed}&issuer=y`, totpType: "authenticator" } }), (error: BadRequestError) => {
      assertRedacted(error, [uriSeed.toLowerCase()]);
      return true;
    });
    client.close();
  });

  it("redacts a card number echoed with spaces or dashes, and card metadata values", async () => {
    const client = new SkyvernClient({ baseUrl: skyvern.proxy.url });
    const number = canaryCardNumber();
    const spaced = number.replace(/(\d{4})(?=\d)/g, "$1 ");
    const dashed = number.replace(/(\d{4})(?=\d)/g, "$1-");
    const metadataValue = canary("membership");
    replyOnce(422, (body) => {
      const card = body.credential as { card_number: string; metadata: Record<string, string> };
      return { detail: [
        { loc: ["body", "credential", "card_number"], msg: `declined ${spaced} (${dashed})`, type: "value_error" },
        { loc: ["body", "credential", "metadata", "member_id"], msg: `unknown member ${card.metadata.member_id.toUpperCase()}`, type: "value_error" },
      ] };
    });
    const card = { cardNumber: number, cardCvv: "737", cardExpMonth: "12", cardExpYear: "2031", cardBrand: "visa", cardHolderName: "J Doe", metadata: { member_id: metadataValue } };
    await assert.rejects(client.credentials.create({ name: "c", credentialType: "credit_card", credential: card }), (error: ValidationError) => {
      assert.equal(error.constructor, ValidationError);
      assertRedacted(error, [spaced, dashed, metadataValue.toUpperCase()]);
      assert.deepEqual(findCanaries([number, metadataValue], errorTexts(error)), []);
      assert.deepEqual(error.fieldErrors.map((f) => f.message), ["declined [redacted] ([redacted])", "unknown member [redacted]"]);
      return true;
    });
    client.close();
  });

  it("redacts a secret echoed in a plain-text reply before cutting it, so no fragment is left", async () => {
    const client = new SkyvernClient({ baseUrl: skyvern.proxy.url });
    const secret = canary("cut");
    // The value straddles the 300-character cut of a text reply.
    replyOnce(500, (body) => `${"x".repeat(290)}${(body.credential as { secret_value: string }).secret_value}`);
    await assert.rejects(client.credentials.update("cred_1", { name: "s", credentialType: "secret", credential: { secretValue: secret } }), (error: Error) => {
      assert.deepEqual(findCanaries([secret.slice(0, 10)], errorTexts(error)), [], "not even the part before the cut");
      assertRedacted(error, [secret]);
      return true;
    });
    client.close();
  });
});
