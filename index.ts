/** pulumi-skyvern: Skyvern credentials and folders as Pulumi resources, and the typed client behind them. */
export { SkyvernCredential, type SkyvernCredentialArgs } from "./provider/dynamic/credential";
export { SkyvernCredentialFolder, type SkyvernCredentialFolderArgs } from "./provider/dynamic/folder";
export {
  getSkyvernCredential, getSkyvernCredentialFolder, type SkyvernCredentialFolderLookup, type SkyvernCredentialLookup,
} from "./provider/shared/lookup";
export * from "./sdk";
// The native provider's classes (plugin `pulumi-resource-skyvern`; see docs/native-provider.md).
export { Credential, CredentialFolder, Provider, type CredentialArgs, type CredentialFolderArgs, type ProviderArgs } from "./provider/native/resources";
