/**
 * `SkyvernCredential`: a Skyvern credential (password with optional TOTP, credit card, or secret)
 * managed by Pulumi. Changes go through Skyvern's update endpoint, so `credentialId` (what
 * workflows refer to) never changes, except when the vault changes, which replaces it.
 */
import * as pulumi from "@pulumi/pulumi";
import type {
  CredentialVaultType, DeclaredCreditCardCredential, DeclaredPasswordCredential, DeclaredSecretCredential, ProxyLocation,
} from "../../sdk/schemas";
import { OUTPUT_PROPERTIES } from "../credential/outputs";
import { providerForSerialization } from "./serialized-provider";
import { DYNAMIC_TYPE_NAMES } from "../native/tokens";

/** Every field may be a plain value, a promise or an Output. */
type InputObject<T> = { [K in keyof T]: pulumi.Input<T[K] extends object ? InputObject<T[K]> | T[K] : T[K]> };

interface SkyvernCredentialCommonArgs {
  /** Name of the credential in Skyvern (not unique). Defaults to the resource's name. */
  name?: pulumi.Input<string>;
  /**
   * Vault that stores the credential: `skyvern` (built-in, the instance default), `bitwarden`,
   * `azure_vault`, `gcp` or `custom`. Skyvern keeps a credential's vault for its lifetime, so
   * changing this replaces the credential (new `credentialId`).
   */
  vaultType?: pulumi.Input<CredentialVaultType>;
  /** Proxy location for the credential's pinned proxy identity: a pool like `RESIDENTIAL` or `{ country, subdivision, city }`. */
  proxyLocation?: pulumi.Input<ProxyLocation | InputObject<Exclude<ProxyLocation, string>>>;
  /**
   * Advanced reuse key for the credential's pinned proxy identity. Chosen by Skyvern when unset;
   * declaring one (or `pinSavedSessionIp`) without `proxyLocation` puts the credential on `RESIDENTIAL_ISP`.
   */
  proxySessionId?: pulumi.Input<string>;
  /** Any value. Changing it asks Skyvern for a new proxy sticky-session id (one PATCH). */
  proxySessionRotationTrigger?: pulumi.Input<unknown>;
  /** Keep the same IP across sign-ins that reuse the credential's saved browser profile (needs the `RESIDENTIAL_ISP` pool). */
  pinSavedSessionIp?: pulumi.Input<boolean>;
  /**
   * A plain browser profile (`bp_...`) to link as the credential's saved profile. When unset,
   * Skyvern may link one itself after a login test, and Pulumi leaves that link alone.
   */
  browserProfileId?: pulumi.Input<string>;
  /** Turn off Skyvern's automatic saving and reuse of the credential's browser profile. */
  autoProfileDisabled?: pulumi.Input<boolean>;
  /** Login page URL, as a credential test would record it. */
  testedUrl?: pulumi.Input<string>;
  /**
   * Login instructions for Skyvern's agent (at most 1000 characters), e.g. "click Sign in with SSO
   * first". Skyvern cannot clear it: removing it replaces the credential (new `credentialId`).
   */
  userContext?: pulumi.Input<string>;
  /** Whether a browser session should be saved after sign-in, whatever the test outcome. */
  saveBrowserSessionIntent?: pulumi.Input<boolean>;
  /** Serialize runs that use this credential. Open-source Skyvern refuses `true` (HTTP 400). */
  runSequentially?: pulumi.Input<boolean>;
  /** Credential folder (`cfld_...`) to keep the credential in; none when unset. */
  folderId?: pulumi.Input<string>;
  /** Any value. Changing it rewrites the stored secret through the update endpoint even when nothing else changed. */
  rotationTrigger?: pulumi.Input<unknown>;
  /**
   * Take over an existing credential (e.g. made in the Skyvern UI) instead of creating one: create
   * overwrites it through the update endpoint and keeps its id. `pulumi import` cannot work for
   * dynamic resources; this is the way to adopt.
   */
  adoptCredentialId?: pulumi.Input<string>;
}

export type SkyvernCredentialArgs = SkyvernCredentialCommonArgs & (
  | {
      credentialType: pulumi.Input<"password">;
      /**
       * Username, password, and optional TOTP: `totp` seed with `totpType: "authenticator"`, or `totpIdentifier` for email/text codes.
       * Each secret field takes a value or a reference, `{ fromEnv: "VAR" }` or `{ fromFile: "/path" }` (docs/secret-references.md).
       */
      credential: pulumi.Input<InputObject<DeclaredPasswordCredential>>;
    }
  | {
      credentialType: pulumi.Input<"credit_card">;
      /** Card number, CVV, expiry, brand, holder, optional billing address, email, phone and metadata. */
      credential: pulumi.Input<InputObject<DeclaredCreditCardCredential>>;
    }
  | {
      credentialType: pulumi.Input<"secret">;
      /** A generic secret value with an optional label. */
      credential: pulumi.Input<InputObject<DeclaredSecretCredential>>;
    }
);

/**
 * The outputs of a credential resource, shared by the dynamic `SkyvernCredential` and the native
 * `Credential` (declaration merging gives each class these typed properties; the engine fills them).
 */
export interface CredentialOutputFields {
  /** Skyvern's id for the credential (`cred_...`): what workflows reference. Stable across updates. */
  readonly credentialId: pulumi.Output<string>;
  /** Name of the credential as Skyvern reports it. */
  readonly name: pulumi.Output<string>;
  readonly credentialType: pulumi.Output<"password" | "credit_card" | "secret">;
  /** The credential input; always a secret, encrypted in state. */
  readonly credential: pulumi.Output<Record<string, unknown>>;
  /** Vault that stores the credential, as reported by Skyvern. */
  readonly vaultType: pulumi.Output<string | undefined>;
  readonly browserProfileId: pulumi.Output<string | undefined>;
  /** Login page URL used during the credential test. */
  readonly testedUrl: pulumi.Output<string | undefined>;
  /** User-provided context describing the login sequence. */
  readonly userContext: pulumi.Output<string | undefined>;
  readonly saveBrowserSessionIntent: pulumi.Output<boolean | undefined>;
  readonly autoProfileDisabled: pulumi.Output<boolean | undefined>;
  readonly pinSavedSessionIp: pulumi.Output<boolean | undefined>;
  readonly runSequentially: pulumi.Output<boolean | undefined>;
  /** Folder the credential is in, as Skyvern reports it. */
  readonly folderId: pulumi.Output<string | undefined>;
  /** Id of the Skyvern user who created it; absent when created with an API key. */
  readonly createdBy: pulumi.Output<string | undefined>;
  /** When Pulumi last wrote the credential's secret data (ISO 8601): the age of the current secret. */
  readonly secretWrittenAt: pulumi.Output<string | undefined>;
  readonly proxyLocation: pulumi.Output<string | Record<string, unknown> | undefined>;
  readonly proxySessionId: pulumi.Output<string | undefined>;
  /** Password credentials: the username (not secret). */
  readonly username: pulumi.Output<string | undefined>;
  /** Password credentials: `authenticator`, `email`, `text` or `none`. */
  readonly totpType: pulumi.Output<string | undefined>;
  readonly totpIdentifier: pulumi.Output<string | undefined>;
  /** Password credentials: whether Skyvern holds a TOTP seed. */
  readonly hasTotp: pulumi.Output<boolean | undefined>;
  /** Card credentials: last four digits of the number. */
  readonly lastFour: pulumi.Output<string | undefined>;
  /** Card credentials: the brand. */
  readonly brand: pulumi.Output<string | undefined>;
  /** Secret credentials: the label. */
  readonly secretLabel: pulumi.Output<string | undefined>;
  /** Fingerprints (and the salt of their key) of the fields declared by reference; always a secret. */
  readonly secretFingerprints: pulumi.Output<Record<string, unknown> | undefined>;
  /** Set by refresh when Skyvern's authenticator codes no longer come from the declared seed; the next `up` writes the seed back. */
  readonly totpDrift: pulumi.Output<boolean | undefined>;
  /** The Skyvern organization the credential belongs to (`o_...`); a refresh or destroy with another organization's key fails instead of dropping it. */
  readonly organizationId: pulumi.Output<string | undefined>;
}

/** Outputs encrypted in state whatever the program passed. */
export const SECRET_OUTPUTS = ["credential", "secretFingerprints"];

// A class and an interface of the same name merge: the class gets the output fields above.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface SkyvernCredential extends CredentialOutputFields {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class SkyvernCredential extends pulumi.dynamic.Resource {
  constructor(name: string, args: SkyvernCredentialArgs, opts?: pulumi.CustomResourceOptions) {
    // Declared so the engine registers them as outputs; the provider fills them in.
    const outputsOnly = Object.fromEntries(OUTPUT_PROPERTIES.map((key) => [key, undefined]));
    super(
      providerForSerialization(),
      name,
      {
        ...outputsOnly,
        ...args,
        name: args.name ?? name,
        // Encrypted in state even when the user passed plain strings.
        credential: pulumi.secret(args.credential),
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_OUTPUTS] },
      undefined,
      DYNAMIC_TYPE_NAMES.credential,
    );
  }
}
