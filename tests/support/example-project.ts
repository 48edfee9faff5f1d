/**
 * An example from examples/ driven in its own directory, exactly as its README says
 * (`cd examples/basic && pulumi stack init dev && ... && pulumi up`): its own Pulumi.yaml with no
 * `main`, its TypeScript run by the language host through the SDK's ts-node, `pulumi-skyvern`
 * resolved through this repository's node_modules. Each project gets its own state backend.
 * `pulumi stack init` and `pulumi config set` write Pulumi.<stack>.yaml files there, so the stack
 * files as committed are put back when the test process exits.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CliProject } from "./cli-project";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "./paths";

const committedStackFiles = new Map<string, Map<string, string>>();

function stackFilesIn(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).filter((file) => /^Pulumi\.[\w-]+\.yaml$/.test(file)).map((file) => [file, readFileSync(path.join(dir, file), "utf8")]));
}

function restoreStackFiles(): void {
  for (const [dir, committed] of committedStackFiles) {
    for (const file of stackFilesIn(dir).keys()) if (!committed.has(file)) rmSync(path.join(dir, file));
    for (const [file, text] of committed) writeFileSync(path.join(dir, file), text);
  }
}
process.on("exit", restoreStackFiles);

export function exampleProject(example: string, backendUrl?: string): CliProject {
  const dir = path.join(PROJECT_ROOT, "examples", example);
  if (!existsSync(path.join(dir, "Pulumi.yaml"))) throw new Error(`examples/${example} has no Pulumi.yaml`);
  if (!committedStackFiles.has(dir)) committedStackFiles.set(dir, stackFilesIn(dir));
  return new CliProject(dir, backendUrl ?? `file://${mkdtempSync(path.join(ARTIFACTS_DIR, "backend-"))}`);
}
