/** Typed Skyvern credentials client: HTTP and Skyvern only, nothing of Pulumi. */
export { SkyvernClient, SKYVERN_CLOUD_URL, type SkyvernClientOptions } from "./client";
export type { CredentialsApi, ListCredentialsOptions } from "./credentials";
export * from "./errors";
export * from "./schemas";
export { FolderInputError, FolderNotFoundError, type FoldersApi, type ListFoldersOptions } from "./folders";
export * from "./folder-schemas";
export { RETRY_POLICIES, DEFAULT_BACKOFF, type BackoffSettings, type RetryPolicy } from "./retry-policy";
export { credentialCreatedAtMs } from "./ids";
export { organizationIdInKey, type Organization, type OrganizationsApi } from "./organizations";
