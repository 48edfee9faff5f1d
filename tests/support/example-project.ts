/** An example from examples/ as a CLI project: its own Pulumi.yaml and stack files, run compiled. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { CliProject } from "./cli-project";
import { PROJECT_ROOT } from "./paths";

export function exampleProject(example: string, backendUrl?: string): CliProject {
  const source = path.join(PROJECT_ROOT, "examples", example);
  const pulumiYaml = readFileSync(path.join(source, "Pulumi.yaml"), "utf8");
  const name = /^name: (\S+)/m.exec(pulumiYaml)![1];
  const stackFiles = Object.fromEntries(readdirSync(source).filter((f) => /^Pulumi\.\w+\.yaml$/.test(f)).map((f) => [f, readFileSync(path.join(source, f), "utf8")]));
  // The example's TypeScript, compiled by `npm run build`; the language host stand-in runs JavaScript.
  const main = path.join(PROJECT_ROOT, "dist", "examples", example, "index.js");
  return CliProject.create(name, `${pulumiYaml}main: ${main}\n`, stackFiles, backendUrl);
}
