// Bundles the native provider plugin into one executable file with esbuild: the engine (or
// `pulumi plugin install --file`) can run or copy it without this package's node_modules.
import { build } from "esbuild";
import { chmodSync } from "node:fs";

const outfile = "dist/plugin/pulumi-resource-skyvern";
await build({
  entryPoints: ["dist/provider/native/plugin.js"],
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
