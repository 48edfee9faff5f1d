// A password credential with authenticator (TOTP) 2FA. The password and seed come from stack
// config as secrets; the username is plain config.
import * as pulumi from "@pulumi/pulumi";
import { SkyvernCredential } from "pulumi-skyvern";

const config = new pulumi.Config();

const login = new SkyvernCredential("github-bot", {
  name: "GitHub bot",
  credentialType: "password",
  credential: {
    username: config.require("username"),
    password: config.requireSecret("password"),
    totp: config.requireSecret("totpSeed"),
    totpType: "authenticator",
  },
});

export const credentialId = login.credentialId;
export const username = login.username;
