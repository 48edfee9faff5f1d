// NoopCredential: the same inputs as SkyvernCredential, `credential` a secret, and a provider that
// does nothing. What it costs is what the Pulumi engine and the dynamic-provider host cost alone.
// ShapedNoopCredential: the same, declaring SkyvernCredential's outputs and storing what its
// provider stores (shaped-provider.js): the SDK's per-output work in the program and the state's
// size are then paid by both, so the difference is our provider's own work.
"use strict";
const pulumi = require("@pulumi/pulumi");

class NoopCredential extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(require("./provider"), name, { ...args, credential: pulumi.secret(args.credential) },
      { ...opts, additionalSecretOutputs: ["credential"] }, undefined, "NoopCredential");
  }
}

class ShapedNoopCredential extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    const shape = require("./shape.json");
    // As SkyvernCredential does: every output declared, so the engine registers it.
    const declared = Object.fromEntries(shape.declared.map((key) => [key, undefined]));
    super(require("./shaped-provider"), name, { ...declared, ...args, name: args.name ?? name, credential: pulumi.secret(args.credential) },
      { ...opts, additionalSecretOutputs: shape.secretOutputs }, undefined, "ShapedNoopCredential");
  }
}

module.exports = { NoopCredential, ShapedNoopCredential };
