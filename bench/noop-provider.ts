/**
 * The engine's floor: a dynamic resource of the same shape as SkyvernCredential (same inputs, a
 * secret `credential`) whose provider answers at once without any I/O. What it costs is what the
 * Pulumi engine and dynamic-provider host cost by themselves.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";

const noopProvider: dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async diff(_id, olds, news) {
    const changed = ["name", "credentialType", "credential"].some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
    return { changes: changed };
  },
  async create(inputs) {
    return { id: `noop_${Date.now()}_${Math.random().toString(36).slice(2)}`, outs: inputs };
  },
  async read(id, props) {
    return { id, props };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};

export class NoopCredential extends pulumi.dynamic.Resource {
  constructor(name: string, args: { name: string; credentialType: string; credential: pulumi.Input<Record<string, unknown>> }) {
    super(noopProvider, name, { ...args, credential: pulumi.secret(args.credential) }, { additionalSecretOutputs: ["credential"] }, undefined, "NoopCredential");
  }
}
