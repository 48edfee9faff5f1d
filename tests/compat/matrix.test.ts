/**
 * The compatibility matrix: the packed package installed into a fresh user project by the README's
 * quickstart, run as written through the plain CLI, for the lowest @pulumi/pulumi this package
 * declares on Node 20 and the newest one on Node 22. Each row: exactly one @pulumi/pulumi in the
 * user's tree, a TypeScript file using both entry points type-checks, then create (1 request),
 * no-op preview and up (0), a password rotation (1 update, same id), refresh (a read, and the
 * TOTP-seed check against Skyvern's current code), destroy (1 delete), and no canary secret in
 * anything the CLI printed or stored.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { NotFoundError } from "../../sdk";
import { canary, canarySeed, filesUnder, findCanaries } from "../support/canary";
import { NODE_22 } from "../support/node-versions";
import { PROJECT_ROOT } from "../support/paths";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { readmeBlock, substitute } from "../support/readme";
import { nodeBinFor, packedTarball, UserProject } from "../support/user-project";

/** The newest @pulumi/pulumi on npm when this was last checked; bump it with each SDK release. */
export const NEWEST_PULUMI_SDK = process.env.PULUMI_SKYVERN_NEWEST_SDK ?? "3.276.0";
export { NODE_22 };

/** The lower bound of the package's own `@pulumi/pulumi` range: what the first row must prove. */
export function lowestSupportedSdk(): string {
  const range: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
  const lowest = /^\^(3\.\d+\.\d+)$/.exec(range)?.[1];
  assert.ok(lowest, `@pulumi/pulumi must be a caret range on 3.x in dependencies (found "${range}")`);
  return lowest;
}

/**
 * Besides the quickstart's own `tsconfig.json` (Pulumi's current `typescript` template: NodeNext,
 * which reads `exports`), users of the older template compile as CommonJS with Node 10 resolution
 * (which reads `typesVersions`). Zod's declarations need `esModuleInterop` there (zod's own advice;
 * docs/supported-versions.md says so), and TypeScript 6 wants `ignoreDeprecations` for Node 10 resolution.
 */
function olderTemplateTsconfig(typescriptMajor: number): object {
  return {
    compilerOptions: {
      strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true,
      experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true,
      esModuleInterop: true, ...(typescriptMajor >= 6 ? { ignoreDeprecations: "6.0" } : {}),
    },
    files: ["uses-both-entry-points.ts"],
  };
}

const USES_BOTH_ENTRY_POINTS = `import { SkyvernCredential, getSkyvernCredential, type SkyvernCredentialArgs } from "pulumi-skyvern";
import { SkyvernClient, NotFoundError, type CreateCredentialRequest } from "pulumi-skyvern/sdk";

const args: SkyvernCredentialArgs = { credentialType: "secret", credential: { secretValue: "x" } };
const request: CreateCredentialRequest = { name: "n", credentialType: "secret", credential: { secretValue: "x" } };
export const used = [SkyvernCredential, getSkyvernCredential, SkyvernClient, NotFoundError, args, request];
`;

describe("compatibility matrix: the README quickstart in a fresh project, packed package", () => {
  const skyvern = useProxiedSkyvern();
  const rows = [
    { label: "lowest supported @pulumi/pulumi on Node 20", sdk: lowestSupportedSdk(), node: "current", nodeMajor: 20 },
    { label: "newest @pulumi/pulumi on Node 22", sdk: NEWEST_PULUMI_SDK, node: NODE_22, nodeMajor: 22 },
  ];

  for (const row of rows) {
    it(`${row.label} (${row.sdk}): one SDK copy, types check, create 1 / no-op 0 / rotate 1 / refresh 2 / destroy 1, no secret leaked`, async () => {
      const nodeBin = nodeBinFor(row.node);
      const timings: Record<string, number> = {};
      const timed = async <T>(step: string, action: () => Promise<T>): Promise<T> => {
        const started = Date.now();
        try { return await action(); } finally { timings[step] = (Date.now() - started) / 1000; }
      };
      // A path containing the package's name: @pulumi/pulumi's closure serializer (3.216 to at least
      // 3.248) then misses package.json and records the runtime by file path
      // (pulumi-skyvern/dist/provider/credential/runtime.js), which the package must export too.
      const project = UserProject.createEmpty("skyvern-credentials", nodeBin, { create: false, parentPrefix: "pulumi-skyvern-matrix-" });
      assert.match(await project.shell("node --version", { cwd: path.dirname(project.dir) }), new RegExp(`^v${row.nodeMajor}\\.`));
      const secrets = { GITHUB_PASSWORD: canary("matrixpw"), GITHUB_TOTP_SEED: canarySeed(), SKYVERN_API_KEY: process.env.SKYVERN_API_KEY! };
      const rotated = canary("matrixrotated");

      // The README's commands, as written, but installing the packed tarball and this row's SDK.
      const quickstart = substitute(readmeBlock("quickstart-shell"), [
        ["npm install pulumi-skyvern @pulumi/pulumi\n", `npm install ${await packedTarball()} @pulumi/pulumi@${row.sdk} --no-audit --no-fund --loglevel=error\n`],
        ["https://api.skyvern.com", skyvern.proxy.url],
      ]);
      await timed("install", () => project.shell(quickstart, { cwd: path.dirname(project.dir), env: secrets }));
      writeFileSync(path.join(project.dir, "index.ts"), readmeBlock("quickstart-index.ts"));

      const copies = project.pulumiSdkCopies();
      assert.equal(copies.length, 1, `exactly one @pulumi/pulumi in the user's tree, found: ${copies.join(", ")}`);
      assert.equal(JSON.parse(readFileSync(path.join(copies[0], "package.json"), "utf8")).version, row.sdk);

      writeFileSync(path.join(project.dir, "uses-both-entry-points.ts"), USES_BOTH_ENTRY_POINTS);
      const typescriptMajor = Number(JSON.parse(readFileSync(path.join(project.dir, "node_modules", "typescript", "package.json"), "utf8")).version.split(".")[0]);
      const quickstartTsconfig = JSON.parse(readFileSync(path.join(project.dir, "tsconfig.json"), "utf8"));
      const tsconfigs = {
        "tsconfig.quickstart-check.json": { ...quickstartTsconfig, files: ["uses-both-entry-points.ts"] },
        "tsconfig.older-template.json": olderTemplateTsconfig(typescriptMajor),
      };
      for (const [file, tsconfig] of Object.entries(tsconfigs)) {
        writeFileSync(path.join(project.dir, file), JSON.stringify(tsconfig));
        await timed(`tsc --noEmit -p ${file}`, () => project.shell(`npx tsc -p ${file} --noEmit`));
      }

      skyvern.proxy.reset();
      await timed("up (create)", () => project.ok("up", "--yes"));
      assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), ["POST /v1/credentials"]);
      const credentialId = JSON.parse(await project.ok("stack", "output", "githubCredentialId", "--json"));
      const created = await skyvern.direct.credentials.get(credentialId);
      assert.equal(created.name, "GitHub bot");
      assert.deepEqual(created.credential, { username: "bot@example.com", totpType: "authenticator", totpIdentifier: null, hasTotp: true });

      skyvern.proxy.reset();
      await timed("preview (no change)", () => project.ok("preview", "--expect-no-changes"));
      await timed("up (no change)", () => project.ok("up", "--yes", "--expect-no-changes"));
      assert.equal(skyvern.proxy.requests.length, 0, "a no-op preview and up send nothing");

      await project.ok("config", "set", "--secret", "githubPassword", rotated);
      skyvern.proxy.reset();
      await timed("up (rotate)", () => project.ok("up", "--yes"));
      assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [`POST /v1/credentials/${credentialId}/update`]);
      assert.equal(JSON.parse(await project.ok("stack", "output", "githubCredentialId", "--json")), credentialId);

      skyvern.proxy.reset();
      await timed("refresh", () => project.ok("refresh", "--yes", "--skip-preview"));
      assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`).sort(), [`GET /v1/credentials/${credentialId}`, `GET /v1/credentials/${credentialId}/totp-code`]);

      const decrypted = await project.decryptedState();
      for (const value of [rotated, secrets.GITHUB_TOTP_SEED]) assert.ok(decrypted.includes(value), "positive control: the decrypted state holds the canaries");
      const canaries = [secrets.GITHUB_PASSWORD, rotated, secrets.GITHUB_TOTP_SEED, secrets.SKYVERN_API_KEY];
      const stateBeforeDestroy = filesUnder(project.backendDir);

      skyvern.proxy.reset();
      await timed("destroy", () => project.ok("destroy", "--yes"));
      assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [`POST /v1/credentials/${credentialId}/delete`]);
      await assert.rejects(skyvern.direct.credentials.get(credentialId), NotFoundError);

      const projectFiles = Object.fromEntries(readdirSync(project.dir).filter((file) => file !== "node_modules").map((file) => [file, readFileSync(path.join(project.dir, file), "latin1")]));
      assert.deepEqual(findCanaries(canaries, { transcript: project.transcript.join("\n"), ...stateBeforeDestroy, ...filesUnder(project.backendDir), ...projectFiles }), []);
      console.log(`      ${row.label}: ${Object.entries(timings).map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`).join(", ")}`);
    });
  }
});
