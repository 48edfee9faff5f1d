// A team's vendor logins filed in one Skyvern folder, each with the instructions Skyvern's agent
// follows when it logs in (`userContext`) and the page it starts from (`testedUrl`). Moving a
// credential to another folder, or changing its instructions, updates it in place.
import * as pulumi from "@pulumi/pulumi";
import { SkyvernCredential, SkyvernCredentialFolder } from "pulumi-skyvern";

const config = new pulumi.Config();

const finance = new SkyvernCredentialFolder("finance", {
  title: config.get("folderTitle") ?? "Finance vendors",
  description: "Logins the accounts-payable workflows use",
});

const billingPortal = new SkyvernCredential("billing-portal", {
  name: "Billing portal",
  credentialType: "password",
  credential: { username: config.require("username"), password: config.requireSecret("password") },
  folderId: finance.folderId,
  testedUrl: "https://billing.example.com/login",
  userContext: config.get("loginInstructions") ?? "Accept the cookie banner first, then sign in with the username and password.",
});

export const folderId = finance.folderId;
export const credentialId = billingPortal.credentialId;
export const credentialFolderId = billingPortal.folderId;
export const userContext = billingPortal.userContext;
