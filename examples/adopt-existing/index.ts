// Adopt a credential someone made in the Skyvern UI. `pulumi import` cannot import dynamic
// resources, so `adoptCredentialId` does it: the first `up` overwrites that credential through the
// update endpoint (same id, so workflows that use it keep working) and manages it from then on.
import * as pulumi from "@pulumi/pulumi";
import { SkyvernCredential, getSkyvernCredential } from "pulumi-skyvern";

const config = new pulumi.Config();
const existingId = config.require("existingCredentialId");

const adopted = new SkyvernCredential("shared-mailbox", {
  name: config.get("name") ?? "Shared mailbox",
  credentialType: "password",
  credential: { username: config.require("username"), password: config.requireSecret("password") },
  adoptCredentialId: existingId,
});

export const credentialId = adopted.credentialId;
// Reading without managing: what the server reports for the adopted credential.
export const reportedName = adopted.credentialId.apply(async (id) => (await getSkyvernCredential({ credentialId: id })).name);
