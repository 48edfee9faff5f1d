// The floor's provider: answers at once, with no I/O and no dependency. Installed under
// node_modules, this module is serialized into `__provider` as one require(), as pulumi-skyvern's
// runtime is, so the floor's state and provider start-up are the engine's own cost.
"use strict";

exports.check = async (_olds, news) => ({ inputs: news });

exports.diff = async (_id, olds, news) => ({
  changes: ["name", "credentialType", "credential"].some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key])),
});

exports.create = async (inputs) => ({ id: `noop_${Date.now()}_${Math.random().toString(36).slice(2)}`, outs: inputs });

exports.read = async (id, props) => ({ id, props });

exports.update = async (_id, _olds, news) => ({ outs: news });

exports.delete = async () => {};
