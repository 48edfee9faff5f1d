// Declarative rotation: change the `password` config value and run `pulumi up`; the credential is
// updated in place and `credentialId` (what workflows reference) does not change. `rotation` is a
// free-form value: bump it (e.g. to a date) to rewrite the stored secret without changing it.
import * as pulumi from "@pulumi/pulumi";
import { SkyvernCredential } from "pulumi-skyvern";

const config = new pulumi.Config();

const vendorPortal = new SkyvernCredential("vendor-portal", {
  credentialType: "password",
  credential: { username: config.require("username"), password: config.requireSecret("password") },
  rotationTrigger: config.get("rotation") ?? "initial",
});

export const credentialId = vendorPortal.credentialId;
