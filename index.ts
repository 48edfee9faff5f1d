/** pulumi-skyvern: Skyvern credentials as Pulumi resources, and the typed client behind them. */
export { SkyvernCredential, type SkyvernCredentialArgs } from "./provider/resource";
export { getSkyvernCredential, type SkyvernCredentialLookup } from "./provider/lookup";
export * from "./sdk";
