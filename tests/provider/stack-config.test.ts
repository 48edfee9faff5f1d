/**
 * The root project's stack-config mode takes every field a SkyvernCredential takes, with the same
 * rules (derived from the same zod schemas), and names the stack, the entry and the field of each
 * mistake. The preview-time path through the CLI is covered by tests/program/root-project.test.ts.
 */
import assert from "node:assert/strict";
import { credentialPayloadOf, nonSecretFields, parseCredentialEntries, RESOURCE_FIELDS, StackConfigError } from "../../program/stack-config";
import { SECRET_CREDENTIAL_FIELDS } from "../../sdk";

const problemsOf = (raw: unknown): string[] => {
  try {
    parseCredentialEntries("ci", raw);
    return [];
  } catch (error) {
    assert.ok(error instanceof StackConfigError, String(error));
    return error.message.split("\n");
  }
};

describe("stack config entries", () => {
  it("accepts the new settings and passes them to the resource", () => {
    const [entry] = parseCredentialEntries("ci", {
      app: {
        type: "password", username: "bot@example.com", metadata: { team: "growth" }, userContext: "Use SSO.", testedUrl: "https://login.example.com/",
        folderId: "cfld_123", saveBrowserSessionIntent: true, autoProfileDisabled: true, pinSavedSessionIp: true, runSequentially: false,
        browserProfileId: "bp_1", proxySessionRotationTrigger: 2,
      },
    });
    for (const field of ["userContext", "testedUrl", "folderId", "saveBrowserSessionIntent", "autoProfileDisabled", "pinSavedSessionIp", "runSequentially", "browserProfileId", "proxySessionRotationTrigger"]) {
      assert.ok(RESOURCE_FIELDS.includes(field), `${field} reaches the resource`);
      assert.notEqual((entry as Record<string, unknown>)[field], undefined, field);
    }
    assert.deepEqual(nonSecretFields(entry), { username: "bot@example.com", metadata: { team: "growth" } });
  });

  it("names the stack, entry and field of each bad new field", () => {
    const problems = problemsOf({ app: { type: "secret", userContext: "x".repeat(1001), folderId: "Finance", browserProfileId: "profile", runSequentially: "yes" } });
    const prefix = 'stack "ci": config skyvern-credentials:credentials.app.';
    assert.ok(problems.some((p) => p.startsWith(`${prefix}userContext: must be at most 1000 characters`)), problems.join("\n"));
    assert.ok(problems.some((p) => p.startsWith(`${prefix}folderId: must be a Skyvern id such as cfld_`)), problems.join("\n"));
    assert.ok(problems.some((p) => p.startsWith(`${prefix}browserProfileId: must be a Skyvern id such as bp_`)), problems.join("\n"));
    assert.ok(problems.some((p) => p.startsWith(`${prefix}runSequentially: `)), problems.join("\n"));
  });

  it("refuses every secret field in the plain map, from the derived list", () => {
    assert.ok(SECRET_CREDENTIAL_FIELDS.length >= 8);
    for (const field of SECRET_CREDENTIAL_FIELDS) {
      const problems = problemsOf({ app: { type: "password", [field]: "plain" } });
      assert.ok(problems.some((p) => p.includes(`credentials.app.${field} is a secret`)), `${field}: ${problems.join("\n")}`);
    }
  });

  it("takes a secret field as a reference in the plain map (a reference names a place, it is not a secret)", () => {
    const [entry] = parseCredentialEntries("ci", { app: { type: "password", username: "bot@example.com", password: { fromEnv: "APP_PASSWORD" }, totp: { fromFile: "/run/secrets/totp" } } });
    assert.deepEqual(credentialPayloadOf("ci", entry, undefined), { username: "bot@example.com", password: { fromEnv: "APP_PASSWORD" }, totp: { fromFile: "/run/secrets/totp" } });
    assert.deepEqual(credentialPayloadOf("ci", entry, { cardCvv: "x" }).password, { fromEnv: "APP_PASSWORD" });
  });

  it("refuses a field given both as a reference and as a value, naming the stack, entry and field", () => {
    const [entry] = parseCredentialEntries("ci", { app: { type: "password", username: "u", password: { fromEnv: "APP_PASSWORD" } } });
    assert.throws(() => credentialPayloadOf("ci", entry, { password: "from-credentialSecrets" }),
      (error: Error) => error instanceof StackConfigError && /credential app field password is both a reference \(skyvern-credentials:credentials\.app\.password\) and a value/.test(error.message) && !error.message.includes("from-credentialSecrets"));
  });

  it("refuses a malformed reference in the plain map", () => {
    assert.deepEqual(problemsOf({ app: { type: "password", password: { fromEnv: "A", fromFile: "/b" } } }),
      ['stack "ci": config skyvern-credentials:credentials.app.password: give either fromEnv or fromFile, not both']);
    assert.deepEqual(problemsOf({ app: { type: "secret", secretValue: { fromEnv: "A", value: "x" } } }),
      ['stack "ci": config skyvern-credentials:credentials.app.secretValue: a reference takes only fromEnv or fromFile (got value)']);
  });

  it("refuses a payload field of another credential type", () => {
    assert.deepEqual(problemsOf({ app: { type: "password", billingEmail: "b@example.com" } }),
      ['stack "ci": config skyvern-credentials:credentials.app.billingEmail: is not a field of a password credential']);
  });
});
