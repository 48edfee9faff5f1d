/**
 * The TOTP oracle's comparison: a code Skyvern generates matches the declared seed's, within one
 * 30-second step either way, and only then. The engine-level drift test covers it against the server.
 */
import assert from "node:assert/strict";
import { Secret, TOTP } from "otpauth";
import { authenticatorSeedOf, codeMatchesSeed } from "../../../provider/credential/totp-oracle";
import { canarySeed } from "../../support/canary";

describe("TOTP oracle", () => {
  const seed = canarySeed();
  const codeAt = (secret: string, msAgo: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() - msAgo });

  it("matches the seed's own code, in any case and with spaces, and one step of skew", () => {
    assert.equal(codeMatchesSeed(seed, codeAt(seed, 0)), true);
    assert.equal(codeMatchesSeed(seed.toLowerCase().replace(/(.{4})/g, "$1 "), codeAt(seed, 0)), true);
    assert.equal(codeMatchesSeed(seed, codeAt(seed, 30_000)), true);
    assert.equal(codeMatchesSeed(`otpauth://totp/Example:bot?secret=${seed}&issuer=Example`, codeAt(seed, 0)), true);
  });

  it("does not match another seed's code or a code three steps old", () => {
    assert.equal(codeMatchesSeed(seed, codeAt(canarySeed(), 0)), false);
    assert.equal(codeMatchesSeed(seed, codeAt(seed, 95_000)), false);
  });

  it("cannot judge a seed it cannot read, and says nothing about it", () => {
    assert.equal(codeMatchesSeed("otpauth://totp/x?secret=not-base32!", "123456"), undefined);
  });

  it("checks only declared authenticator seeds", () => {
    assert.equal(authenticatorSeedOf({ totp: ` ${seed} `, totpType: "authenticator" }), seed);
    assert.equal(authenticatorSeedOf({ totp: seed, totpType: "email" }), undefined);
    assert.equal(authenticatorSeedOf({ totp: "  ", totpType: "authenticator" }), undefined);
  });
});
