/**
 * The organization an API key acts for. Skyvern scopes every credential and folder to one
 * organization and answers 404 for another organization's, so this is what tells "gone" from "not
 * visible with this key". Self-hosted keys are HS256 JWTs whose `sub` is the organization id (the
 * server's `security.create_access_token`): read without a request. Any other key costs one
 * request to `GET /api/v1/organizations/me` (a legacy route, on 1.0.56 served under `/api/v1` only),
 * made once per client.
 */
import { jwtDecode } from "jwt-decode";
import { z } from "zod";
import type { Transport } from "./http";

export const organizationSchema = z.object({
  organizationId: z.string().min(1),
  organizationName: z.string().nullish(),
});

export type Organization = z.infer<typeof organizationSchema>;

export class OrganizationsApi {
  private current?: Promise<string>;
  /** Decoded once: the key never changes for a client, and a refresh asks for every credential it reads. */
  private readonly organizationInKey: string | undefined;

  constructor(private readonly transport: Transport, apiKey: string) {
    this.organizationInKey = organizationIdInKey(apiKey);
  }

  /** The current organization as the server reports it (one request each call). */
  me(): Promise<Organization> {
    return this.transport.send({ method: "GET", path: "/api/v1/organizations/me", kind: "idempotent", responseSchema: organizationSchema });
  }

  /**
   * The id of the organization the key belongs to: from the key itself when it is a Skyvern JWT,
   * otherwise as the server reports it.
   */
  keyOrganizationId(): Promise<string> {
    const fromKey = this.organizationInKey;
    return fromKey ? Promise.resolve(fromKey) : this.reportedOrganizationId();
  }

  /**
   * The organization the server says this key acts for, asked once per client and remembered (a
   * failed request is not remembered: the next call asks again).
   */
  reportedOrganizationId(): Promise<string> {
    this.current ??= this.me().then((organization) => organization.organizationId, (error: unknown) => {
      this.current = undefined;
      throw error;
    });
    return this.current;
  }
}

/**
 * The `sub` claim of a JWT-shaped key, unverified: the server verifies the signature on every
 * request, so a forged `sub` only ever names an organization the key cannot act for (its requests
 * fail with 403). Undefined for keys that are not JWTs.
 */
export function organizationIdInKey(apiKey: string): string | undefined {
  try {
    const { sub } = jwtDecode(apiKey);
    return typeof sub === "string" && sub.length > 0 ? sub : undefined;
  } catch {
    // Not a JWT (jwt-decode throws InvalidTokenError): the server is asked instead.
    return undefined;
  }
}
