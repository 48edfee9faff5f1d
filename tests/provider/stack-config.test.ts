/**
 * The root project's stack-config mode takes every field a SkyvernCredential takes, with the same
 * rules (derived from the same zod schemas), and names the stack, the entry and the field of each
 * mistake. The preview-time path through the CLI is covered by tests/program/root-project.test.ts.
 */
import assert from "node:assert/strict";
import { nonSecretFields, parseCredentialEntries, RESOURCE_FIELDS, StackConfigError } from "../../program/stack-config";
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

  it("refuses a payload field of another credential type", () => {
    assert.deepEqual(problemsOf({ app: { type: "password", billingEmail: "b@example.com" } }),
      ['stack "ci": config skyvern-credentials:credentials.app.billingEmail: is not a field of a password credential']);
  });
});
