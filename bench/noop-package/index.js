// NoopCredential: the same inputs as SkyvernCredential, `credential` a secret, and a provider that
// does nothing. What it costs is what the Pulumi engine and the dynamic-provider host cost alone.
"use strict";
const pulumi = require("@pulumi/pulumi");

class NoopCredential extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(require("./provider"), name, { ...args, credential: pulumi.secret(args.credential) },
      { ...opts, additionalSecretOutputs: ["credential"] }, undefined, "NoopCredential");
  }
}

module.exports = { NoopCredential };
