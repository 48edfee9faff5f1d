/**
 * The root project: every credential of a stack comes from its stack config (see stack-config.ts).
 * Outputs `credentialIds`, a map of entry name to Skyvern credential id, for workflows and
 * StackReferences.
 */
import * as pulumi from "@pulumi/pulumi";
import { SkyvernCredential, type SkyvernCredentialArgs } from "pulumi-skyvern";
import { credentialPayloadOf, parseCredentialEntries, RESOURCE_FIELDS } from "./stack-config";

type SecretFieldsByEntry = Record<string, Record<string, string>>;

export = async () => {
  const config = new pulumi.Config();
  const entries = parseCredentialEntries(pulumi.getStack(), config.getObject("credentials"));
  const secretFields = config.getSecretObject<SecretFieldsByEntry>("credentialSecrets") ?? pulumi.secret<SecretFieldsByEntry>({});

  const credentialIds: Record<string, pulumi.Output<string>> = {};
  for (const entry of entries) {
    const declared = entry as Record<string, unknown>;
    const fields = Object.fromEntries(RESOURCE_FIELDS.filter((field) => declared[field] !== undefined).map((field) => [field, declared[field]]));
    const credential = new SkyvernCredential(entry.key, {
      ...fields,
      name: entry.displayName ?? entry.key,
      credentialType: entry.type,
      credential: secretFields.apply((all) => credentialPayloadOf(pulumi.getStack(), entry, all?.[entry.key])),
      // Built from config at run time, so not provably one variant of the union; the provider's
      // check validates every field at preview and names it.
    } as unknown as SkyvernCredentialArgs);
    credentialIds[entry.key] = credential.credentialId;
  }
  return { credentialIds };
};
