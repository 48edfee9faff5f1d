/**
 * A user's TypeScript project on the native provider, set up as the README tells a user to: the
 * packed package and `@pulumi/pulumi` installed from npm, then `npx pulumi-skyvern install-plugin`
 * into a PULUMI_HOME private to the project (so no other test's plugins are seen), a stack whose
 * `skyvern:baseUrl` points at the counting proxy. Also reads what `pulumi preview --json` and
 * `pulumi stack export` say about the credentials.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { packedTarball, nodeBinFor, UserProject } from "./user-project";

const TSCONFIG = {
  compilerOptions: {
    strict: true, outDir: "bin", target: "es2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true,
    experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** An empty program: `pulumi import` and `stack init` need a project, not resources. */
export const EMPTY_PROGRAM = "export {};\n";

export interface NativeProject {
  project: UserProject;
  /** The private PULUMI_HOME the plugin was installed into. */
  pulumiHome: string;
}

export async function createNativeProject(name: string): Promise<NativeProject> {
  const project = UserProject.createEmpty(name, nodeBinFor("current"));
  const pulumiHome = path.join(path.dirname(project.dir), "pulumi-home");
  mkdirSync(pulumiHome);
  project.env.PULUMI_HOME = pulumiHome;
  writeFileSync(path.join(project.dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  writeFileSync(path.join(project.dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
  writeFileSync(path.join(project.dir, "package.json"), JSON.stringify({ name, private: true, main: "index.ts" }));
  writeFileSync(path.join(project.dir, "index.ts"), EMPTY_PROGRAM);
  await project.npm("install", await packedTarball(), "@pulumi/pulumi");
  await project.npm("install", "--save-dev", "typescript@^5", "@types/node");
  await project.shell("npx pulumi-skyvern install-plugin");
  return { project, pulumiHome };
}

/** `pulumi stack init` plus the provider settings: Skyvern through `baseUrl`, the key as a secret. */
export async function initStack(project: UserProject, stack: string, baseUrl: string): Promise<void> {
  await project.ok("stack", "init", stack);
  await project.ok("config", "set", "skyvern:baseUrl", baseUrl);
  await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  provider?: string;
  protect?: boolean;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

const SECRET_SIGNATURE = ["4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"] as const;

/** A decrypted export's values with each secret's `plaintext` (JSON text) parsed in place. */
function withSecretsRevealed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSecretsRevealed);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIGNATURE[0]] === SECRET_SIGNATURE[1] && typeof record.plaintext === "string") return withSecretsRevealed(JSON.parse(record.plaintext));
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, withSecretsRevealed(inner)]));
}

/** The resources of `pulumi stack export --show-secrets`, secrets revealed (for assertions, never printed). */
export async function decryptedResources(project: UserProject): Promise<StateResource[]> {
  return (withSecretsRevealed(JSON.parse(await project.decryptedState())) as { deployment: { resources?: StateResource[] } }).deployment.resources ?? [];
}

export interface PreviewStep {
  op: string;
  urn: string;
  detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }>;
  diffReasons?: string[];
  replaceReasons?: string[];
}

/** `pulumi preview --json`: the steps and the change summary. */
export async function previewJson(project: UserProject, ...args: string[]): Promise<{ steps: PreviewStep[]; changeSummary: Record<string, number> }> {
  const result = JSON.parse(await project.shell(`pulumi preview --json --non-interactive ${args.join(" ")}`));
  return { steps: result.steps ?? [], changeSummary: result.changeSummary ?? {} };
}

/** Seconds an action took, kept by step name for the report. */
export class Timings {
  readonly seconds: Record<string, number> = {};

  async time<T>(step: string, action: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await action();
    } finally {
      this.seconds[step] = (Date.now() - started) / 1000;
    }
  }

  toString(): string {
    return Object.entries(this.seconds).map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`).join(", ");
  }
}

/** "METHOD /path" of each request the proxy saw, in order. */
export function requestLines(requests: ReadonlyArray<{ method: string; path: string }>): string[] {
  return requests.map((r) => `${r.method} ${r.path}`);
}
