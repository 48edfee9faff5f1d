/**
 * What the real providers add to a password login's inputs, as Skyvern 1.0.56 reports it for the
 * bench's credentials (`stack export` of a bench stack), with values of the same length. Both
 * same-shape floors fill their outputs from it: the native floor (bench/noop-plugin.ts) and the
 * dynamic one (bench/noop-package/shaped-provider.js, through the shape.json packTarballs writes).
 * The id and the organization are fixed per resource at create and kept by updates; `username` is
 * the declared one (the real providers report it from the server); `secretWrittenAt` is set by
 * every write. No provider import here: the native floor's bundle must stay free of our runtime.
 */
export const CREDENTIAL_FILLED: Readonly<Record<string, string | boolean>> = {
  autoProfileDisabled: false,
  hasTotp: false,
  organizationId: "o_1502255096769658014",
  pinSavedSessionIp: false,
  runSequentially: false,
  saveBrowserSessionIntent: false,
  totpType: "none",
  vaultType: "skyvern",
};

export const CREDENTIAL_ID_LENGTH = "cred_602860527224340344".length;
