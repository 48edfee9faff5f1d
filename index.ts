/** pulumi-skyvern: Skyvern credentials and folders as Pulumi resources, and the typed client behind them. */
export { SkyvernCredential, type SkyvernCredentialArgs } from "./provider/resource";
export { SkyvernCredentialFolder, type SkyvernCredentialFolderArgs } from "./provider/folder-resource";
export {
  getSkyvernCredential, getSkyvernCredentialFolder, type SkyvernCredentialFolderLookup, type SkyvernCredentialLookup,
} from "./provider/lookup";
export * from "./sdk";
// The native provider's classes (plugin `pulumi-resource-skyvern`; see docs/native-provider.md).
export { Credential, CredentialFolder, Provider, type CredentialArgs, type CredentialFolderArgs, type ProviderArgs } from "./provider/native/resources";
