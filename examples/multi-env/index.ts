// One program for every environment. Each stack (dev, staging, prod) has its own Skyvern instance
// (`skyvern:baseUrl`, `skyvern:apiKey`) and its own values in Pulumi.<stack>.yaml. Other projects
// read the ids through a StackReference (see consumer/).
import * as pulumi from "@pulumi/pulumi";
import { SkyvernCredential } from "pulumi-skyvern";

const config = new pulumi.Config();
const environment = pulumi.getStack();

const ciBot = new SkyvernCredential("ci-bot", {
  name: `CI bot (${environment})`,
  credentialType: "password",
  credential: { username: config.require("botUsername"), password: config.requireSecret("botPassword") },
});

export const credentialIds = { ciBot: ciBot.credentialId };
