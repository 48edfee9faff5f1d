// Bundles the native provider plugin into one executable file with esbuild (the engine, or
// `pulumi plugin install --file`, can run or copy it without this package's node_modules), the
// bench's no-op plugin (the native floor, bench/noop-plugin.ts; not shipped) the same way, and makes
// the package's commands executable.
import { build } from "esbuild";
import { chmodSync, readFileSync } from "node:fs";

const PLUGINS = {
  "dist/provider/native/plugin.js": "dist/plugin/pulumi-resource-skyvern",
  "dist/bench/noop-plugin.js": "dist/bench/pulumi-resource-skyvern-noop",
};
for (const [entry, outfile] of Object.entries(PLUGINS)) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    banner: { js: "#!/usr/bin/env node" },
    legalComments: "none",
    logLevel: "warning",
  });
  chmodSync(outfile, 0o755);
}

// The package's commands (`npx pulumi-skyvern ...`) must be executable in a checkout too: npm sets
// their mode only when it installs the package, and in a fresh clone tsc writes them after `npm ci`.
for (const command of Object.values(JSON.parse(readFileSync("package.json", "utf8")).bin)) chmodSync(command, 0o755);
