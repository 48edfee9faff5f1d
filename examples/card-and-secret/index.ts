// A company card (with billing address) and an API key. Card number, CVV, expiry and holder are
// secrets; brand and billing address are plain, and Skyvern reports back only brand and last four.
import * as pulumi from "@pulumi/pulumi";
import { SkyvernCredential } from "pulumi-skyvern";

const config = new pulumi.Config();

const card = new SkyvernCredential("corporate-card", {
  credentialType: "credit_card",
  credential: {
    cardNumber: config.requireSecret("cardNumber"),
    cardCvv: config.requireSecret("cardCvv"),
    cardExpMonth: config.requireSecret("cardExpMonth"),
    cardExpYear: config.requireSecret("cardExpYear"),
    cardHolderName: config.requireSecret("cardHolderName"),
    cardBrand: config.get("cardBrand") ?? "visa",
    billingAddress: { line1: "1 Market St", city: "San Francisco", stateCode: "CA", postalCode: "94105", countryCode: "US" },
    billingEmail: "ap@example.com",
  },
  proxyLocation: { country: "US", subdivision: "CA" },
});

const apiKey = new SkyvernCredential("payments-api-key", {
  credentialType: "secret",
  credential: { secretValue: config.requireSecret("apiKeyValue"), secretLabel: config.get("apiKeyLabel") ?? "Payments API key" },
});

export const cardCredentialId = card.credentialId;
export const cardLastFour = card.lastFour;
export const apiKeyCredentialId = apiKey.credentialId;
export const apiKeyLabel = apiKey.secretLabel;
