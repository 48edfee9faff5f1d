/**
 * What it takes to make Skyvern hold what the inputs declare, given what it last reported (the old
 * outputs): the fewest requests, each to the endpoint that applies the change in place.
 *
 * - The credential data (secrets, username, TOTP, card, label) and the type: one update, which
 *   also carries the name. Skyvern keeps omitted payload fields, so the sdk sends them as null.
 * - Settings (name alone, proxy, profile, tested URL, user context, the booleans): one PATCH.
 * - The folder: one folder call.
 *
 * A field Skyvern offers no way to clear (the user context) is planned as a replacement.
 */
import { isDeepStrictEqual } from "node:util";
import { BOOLEAN_SETTINGS, type CredentialPatch } from "../../sdk/schemas";
import { containsUnknown } from "../shared/check-inputs";
import { credentialDataChanges } from "./data-changes";
import { PINNED_PROXY_POOL } from "./inputs";
import { resolveCredential } from "./secret-references";
import { reportedFieldsOf, reportedValue } from "./outputs";

type Props = Record<string, unknown>;

export interface CredentialPlan {
  /** Rewrite the credential data through the update endpoint. */
  rewrite: boolean;
  /** Fields of the credential data whose value differs from what Skyvern was last sent. */
  rewrittenFields: string[];
  /**
   * Secret fields declared another way with the same value (a value became a reference, or the
   * reverse): state changes, Skyvern is sent nothing.
   */
  restated: string[];
  /** Settings to send in one PATCH; empty when none changed. */
  patch: CredentialPatch;
  /** The folder to move the credential to (null: out of any folder); undefined when unchanged. */
  folder?: { folderId: string | null };
  /** Properties whose change needs a new credential. */
  replaces: string[];
  /** Inputs still unknown (preview) whose change cannot be judged yet: counted as changes. */
  unknowns: string[];
}

export function planCredentialChanges(olds: Props, news: Props): CredentialPlan {
  const resolved = resolveCredential(news.credential);
  const { written, restated } = credentialDataChanges(olds, news.credential, resolved);
  const rewrite = written.length > 0 || needsRewrite(olds, { ...news, credential: resolved });
  const plan: CredentialPlan = { rewrite, rewrittenFields: written, restated, patch: {}, replaces: [], unknowns: [] };
  if (!plan.rewrite && news.name !== olds.name) plan.patch.name = news.name as string;
  planSettings(plan, olds, news);
  if (news.vaultType !== undefined && news.vaultType !== olds.vaultType) {
    if (containsUnknown(news.vaultType)) plan.unknowns.push("vaultType");
    else plan.replaces.push("vaultType");
  }
  if (news.adoptCredentialId !== undefined && news.adoptCredentialId !== olds.adoptCredentialId) plan.replaces.push("adoptCredentialId");
  return plan;
}

export function hasChanges(plan: CredentialPlan): boolean {
  return plan.rewrite || plan.restated.length > 0 || Object.keys(plan.patch).length > 0 || plan.folder !== undefined || plan.replaces.length > 0 || plan.unknowns.length > 0;
}

/**
 * The settings part of a plan alone, for a credential just created or adopted: what the create
 * body could not carry (user context, the PATCH-only booleans, the folder).
 */
export function planSettingsAfterWrite(reported: Props, news: Props): CredentialPlan {
  const plan: CredentialPlan = { rewrite: false, rewrittenFields: [], restated: [], patch: {}, replaces: [], unknowns: [] };
  if (news.name !== reported.name) plan.patch.name = news.name as string;
  // A fresh session id comes with the write: the trigger's current value is no request for another.
  planSettings(plan, { ...reported, proxySessionRotationTrigger: news.proxySessionRotationTrigger }, news);
  return plan;
}

function planSettings(plan: CredentialPlan, olds: Props, news: Props): void {
  const patch = plan.patch as Record<string, unknown>;
  const differs = (key: string, wanted: unknown, reported: unknown, apply: () => void) => {
    if (containsUnknown(news[key])) plan.unknowns.push(key);
    else if (!isDeepStrictEqual(wanted, reported)) apply();
  };

  differs("userContext", reportedValue(news.userContext), reportedValue(olds.userContext), () => {
    // Skyvern reads an empty or blank user context as "leave as is": it cannot be cleared in place.
    if (reportedValue(news.userContext) === null) plan.replaces.push("userContext");
    else patch.userContext = news.userContext;
  });
  // An empty tested URL is stored as such, which clears it.
  differs("testedUrl", reportedValue(news.testedUrl), reportedValue(olds.testedUrl), () => { patch.testedUrl = news.testedUrl ?? ""; });
  // Null (old rows) and false both mean off.
  for (const flag of BOOLEAN_SETTINGS) differs(flag, news[flag] === true, olds[flag] === true, () => { patch[flag] = news[flag] === true; });

  const location = wantedProxyLocation(news);
  if (containsUnknown(location)) plan.unknowns.push("proxyLocation");
  else if (!sameProxyLocation(location, olds.proxyLocation)) patch.proxyLocation = location;
  // Chosen by Skyvern unless declared: only a declared session id can differ.
  if (news.proxySessionId !== undefined && news.proxySessionId !== null) {
    differs("proxySessionId", news.proxySessionId, olds.proxySessionId, () => { patch.proxySessionId = news.proxySessionId; });
  }
  if (!isDeepStrictEqual(news.proxySessionRotationTrigger, olds.proxySessionRotationTrigger)) {
    patch.rotateProxySessionId = true;
    // Sent with the rotation so Skyvern keeps the declared location (alone, a rotation moves it to the pinned pool).
    patch.proxyLocation = location;
  }
  // Skyvern links a saved profile itself after a login test: only a declared profile is managed.
  if (news.browserProfileId !== undefined && news.browserProfileId !== null) {
    differs("browserProfileId", news.browserProfileId, olds.browserProfileId, () => { patch.browserProfileId = news.browserProfileId; });
  }
  differs("folderId", news.folderId ?? null, olds.folderId ?? null, () => { plan.folder = { folderId: (news.folderId as string | undefined) ?? null }; });
}

/**
 * The proxy location Skyvern will report for these inputs: the declared one, or the pinned pool it
 * switches to by itself when an IP pin or a session id is declared without a location.
 */
export function wantedProxyLocation(news: Props): unknown {
  if (news.proxyLocation !== undefined && news.proxyLocation !== null) return news.proxyLocation;
  const sessionDeclared = typeof news.proxySessionId === "string" && news.proxySessionId.trim() !== "";
  return news.pinSavedSessionIp === true || sessionDeclared ? PINNED_PROXY_POOL : null;
}

/** Whether anything besides the credential's own fields (compared by data-changes.ts) needs the update endpoint. `news` carry resolved values. */
function needsRewrite(olds: Props, news: Props): boolean {
  if (news.credentialType !== olds.credentialType || !isDeepStrictEqual(news.rotationTrigger, olds.rotationTrigger)) return true;
  // Found at refresh: Skyvern's authenticator codes do not come from the declared seed.
  if (olds.totpDrift === true) return true;
  return !matchesServerView(news, olds);
}

/** Compares the non-secret credential fields with the server's last report of them. */
function matchesServerView(news: Props, olds: Props): boolean {
  const credential = (news.credential ?? {}) as Props;
  if (containsUnknown(credential)) return false;
  const reportedFieldsMatch = reportedFieldsOf(news.credentialType)
    .every(([output, field]) => reportedValue(credential[field]) === reportedValue(olds[output]));
  if (!reportedFieldsMatch) return false;
  switch (news.credentialType) {
    case "password":
      // Older servers and states have no hasTotp: nothing to compare then.
      return olds.hasTotp === undefined || olds.hasTotp === (typeof credential.totp === "string" && credential.totp.trim() !== "");
    case "credit_card":
      return olds.lastFour === String(credential.cardNumber ?? "").replace(/[\s-]/g, "").slice(-4);
    default:
      return true;
  }
}

/** The server echoes a geo target with extra keys (`city: null`, `isISP`): compare what the user sets. */
export function sameProxyLocation(wanted: unknown, reported: unknown): boolean {
  if (wanted === undefined || wanted === null) return reported === undefined || reported === null;
  if (typeof wanted !== "object" || reported === null || typeof reported !== "object") return wanted === reported;
  return Object.entries(wanted as Props).every(([key, value]) => ((reported as Props)[key] ?? null) === (value ?? null));
}
