// The same-shape floor's provider: answers at once, with no I/O, and stores what
// SkyvernCredential's provider stores for the bench's password logins: the inputs plus the
// properties it adds (credentialId, username, organizationId, the switches Skyvern reports...),
// with values of the same kind and length, from the shape.json the bench writes into this package
// when it packs it (bench/consumer.ts, from bench/credential-shape.ts). The engine and the
// dynamic-provider host then handle states of our size, so what this floor leaves out is our
// provider's own work alone.
"use strict";
const { randomUUID } = require("node:crypto");
const shape = require("./shape.json");

/** A new id at create, the stored one at an update; the declared username; a fresh write time. */
function filled(inputs, olds) {
  const length = shape.credentialIdLength;
  return {
    ...shape.filled,
    credentialId: olds?.credentialId ?? `cred_${randomUUID().replace(/\D/g, "").padEnd(length, "0").slice(0, length - 5)}`,
    username: inputs.credential?.username,
    secretWrittenAt: new Date().toISOString(),
  };
}

exports.check = async (_olds, news) => ({ inputs: news });

exports.diff = async (_id, olds, news) => ({
  changes: ["name", "credentialType", "credential"].some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key])),
});

exports.create = async (inputs) => {
  const outs = { ...inputs, ...filled(inputs) };
  return { id: outs.credentialId, outs };
};

exports.read = async (id, props) => ({ id, props });

exports.update = async (_id, olds, news) => ({ outs: { ...news, ...filled(news, olds) } });

exports.delete = async () => {};
