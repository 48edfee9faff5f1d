// Secrets by reference: the password and TOTP seed come from environment variables of the process
// running `pulumi` (a CI secret store, `op run`, `esc run`), the API key from a mounted file. State
// keeps the references and a keyed fingerprint of each value, never a value; a changed value is
// still found at preview (one update, same credentialId). See docs/secret-references.md.
import * as pulumi from "@pulumi/pulumi";
import { SkyvernCredential } from "pulumi-skyvern";

const config = new pulumi.Config();

const login = new SkyvernCredential("github-bot", {
  name: "GitHub bot",
  credentialType: "password",
  credential: {
    username: config.require("username"),
    password: { fromEnv: "GITHUB_BOT_PASSWORD" },
    totp: { fromEnv: "GITHUB_BOT_TOTP_SEED" },
    totpType: "authenticator",
  },
});

const apiKey = new SkyvernCredential("stripe-key", {
  name: "Stripe key",
  credentialType: "secret",
  credential: { secretValue: { fromFile: config.require("stripeKeyFile") }, secretLabel: "stripe" },
});

export const credentialId = login.credentialId;
export const apiKeyCredentialId = apiKey.credentialId;
