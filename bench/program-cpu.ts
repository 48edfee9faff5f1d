/**
 * Program-side CPU per resource, without the engine: `node dist/bench/program-cpu.js <project dir>
 * [n]` constructs n (default 500) credentials of each kind under Pulumi's mocks in a child process
 * per kind, resolving packages from the bench's installed project (bench/consumer.ts), and prints
 * the CPU (user + system) per resource. Process CPU, unlike wall time, barely depends on other work
 * on the machine. Besides the real classes it builds a dynamic resource with the floor's provider
 * and SkyvernCredential's declared outputs, and one with our runtime and only the floor's three
 * properties, to tell the provider's share from the declared outputs' (bench/results.md, item 5).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const VARIANTS = ["floor", "skyvern", "native", "floor provider, our outputs", "our provider, floor properties"] as const;

/** Runs in the child: one variant, n resources, prints ms of CPU per resource. */
const CHILD = `
const [dir, variant, n] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const req = (m) => require(require.resolve(m, { paths: [dir] }));
const pulumi = req("@pulumi/pulumi");
pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name + "_id", state: a.inputs }), call: () => ({}) }, "bench", "s", true);
const { OUTPUT_PROPERTIES } = require(dir + "/node_modules/pulumi-skyvern/dist/provider/credential/outputs.js");
const declared = Object.fromEntries(OUTPUT_PROPERTIES.map((key) => [key, undefined]));
class Dynamic extends pulumi.dynamic.Resource {
  constructor(name, args, provider, withOutputs) {
    super(provider, name, { ...(withOutputs ? declared : {}), ...args, credential: pulumi.secret(args.credential) }, { additionalSecretOutputs: ["credential"] }, undefined, "SkyvernCredential");
  }
}
const make = {
  floor: () => { const C = req("bench-noop-provider").NoopCredential; return (name, args) => new C(name, args); },
  skyvern: () => { const C = req("pulumi-skyvern").SkyvernCredential; return (name, args) => new C(name, args); },
  native: () => { const C = req("pulumi-skyvern").Credential; return (name, args) => new C(name, args); },
  "floor provider, our outputs": () => { const p = req("bench-noop-provider/provider.js"); return (name, args) => new Dynamic(name, args, p, true); },
  "our provider, floor properties": () => { const p = req("pulumi-skyvern/provider-runtime"); return (name, args) => new Dynamic(name, args, p, false); },
}[variant]();
const password = pulumi.secret("pw");
const started = process.cpuUsage();
const resources = [];
for (let i = 0; i < n; i++) resources.push(make("cred-" + i, { name: "s-" + i, credentialType: "password", credential: { username: "user-" + i, password } }));
Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve)))).then(() => setTimeout(() => {
  const used = process.cpuUsage(started);
  console.log(((used.user + used.system) / 1000 / n).toFixed(2));
}, 100));
`;

function main(): void {
  const [dir, n = "500"] = process.argv.slice(2);
  if (!dir) throw new Error("usage: node dist/bench/program-cpu.js <installed bench project dir> [n]");
  // A file, not `node -e`: the SDK's closure serializer fails on classes defined in an -e script.
  const child = path.join(mkdtempSync(path.join(os.tmpdir(), "program-cpu-")), "child.js");
  writeFileSync(child, CHILD);
  console.log(`| resource | ms CPU per resource, N = ${n} (two runs) |\n|---|---:|`);
  for (const variant of VARIANTS) {
    const runs = [0, 1].map(() => execFileSync(process.execPath, ["--no-deprecation", "--no-warnings", child, dir, variant, n], { encoding: "utf8" }).trim());
    console.log(`| ${variant} | ${runs.join(", ")} |`);
  }
}

main();
