/**
 * One bench stack's whole lifecycle through the plain CLI, each operation measured: wall time,
 * requests seen at the counting proxy, the provider process's CPU time and peak memory. Then the
 * state it left, and a scan for the password canary in everything the CLI printed and stored.
 */
import { TOKENS } from "../provider/native/tokens";
import { CREDENTIAL_PAGE_SIZE, POLICY as COALESCING } from "../provider/shared/coalesced-reads";
import { canary, findCanaries } from "../tests/support/canary";
import type { FaultProxy } from "../tests/support/fault-proxy";
import { BenchStack, isNativeKind, PROVIDER_COMMAND, type Kind, type StackOptions } from "./consumer";
import { ProviderMemoryProbe } from "./provider-cpu";

export const OPERATIONS = ["up (create)", "preview (no change)", "up (no change)", "up (rotate all)", "refresh", "up --refresh (no change)", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * How many times an operation reads every credential: a refresh once; `up --refresh` (with its
 * preview, as pipelines run it) twice, once in the preview's provider process and once in the update's.
 */
const READ_PASSES: Partial<Record<Operation, number>> = { refresh: 1, "up --refresh (no change)": 2 };

/** Requests each write or no-op makes per credential (the floors make none at all). */
const REQUESTS_PER_CREDENTIAL: Record<Operation, number> = {
  "up (create)": 1, "preview (no change)": 0, "up (no change)": 0, "up (rotate all)": 1, refresh: 0, "up --refresh (no change)": 0, destroy: 1,
};

/**
 * The most requests an operation on N credentials may make. In each read pass, below a burst one
 * GET each; from a burst on, the reads asked before it showed (at most burstReads - 1) go alone and
 * the rest share the listing's pages. The bench's credentials have no TOTP seed, so no TOTP checks.
 */
export function expectedRequests(op: Operation, n: number): number {
  const passes = READ_PASSES[op] ?? 0;
  const perPass = n < COALESCING.burstReads ? n : COALESCING.burstReads - 1 + Math.ceil(n / CREDENTIAL_PAGE_SIZE);
  return REQUESTS_PER_CREDENTIAL[op] * n + passes * perPass;
}

/** Whether an operation reads every credential (a refresh, `up --refresh`). */
export const readsEveryCredential = (op: Operation) => READ_PASSES[op] !== undefined;

/** Whether expectedRequests is an upper bound (coalesced reads) rather than the exact count. */
export function expectsAtMost(op: Operation, n: number): boolean {
  return readsEveryCredential(op) && n >= COALESCING.burstReads;
}

/** Whether a measured count meets expectedRequests. */
export function requestsAsExpected(op: Operation, n: number, requests: number): boolean {
  return expectsAtMost(op, n) ? requests <= expectedRequests(op, n) : requests === expectedRequests(op, n);
}

export interface OperationMeasurement {
  seconds: number;
  requests: number;
  /** The provider process's user + system CPU seconds. */
  providerCpuSeconds: number;
  providerProcesses: number;
  peakProviderRssMb?: number;
}

export interface StateMeasurement {
  /** Average length of one resource's entry in `pulumi stack export` (inputs, outputs, `__provider` twice). */
  entryBytes: number;
  providerBytes: number;
  /** The whole export divided by the number of resources. */
  exportBytesPerResource: number;
  /**
   * What each credential adds to `pulumi stack export`'s output as printed: (bytes of the export -
   * bytes of the same export without the credentials) / N. The stack's fixed part (the Stack
   * resource, the default provider with its config) is left out.
   */
  exportBytesPerCredential: number;
  /** Of one credential's export bytes, those of its `__provider` lines (inputs and outputs); 0 for the native provider. */
  providerExportBytes: number;
  /** File backend: the checkpoint file rewritten after each step, per resource. */
  checkpointBytesPerResource?: number;
}

export interface LifecycleResult {
  ops: Record<Operation, OperationMeasurement>;
  state: StateMeasurement;
}

/**
 * Flags: each `up`, `refresh` and `destroy` skips its preview so it runs each provider call once,
 * except `up --refresh`, measured as pipelines run it (preview, then update).
 */
const COMMANDS: Record<Operation, string[]> = {
  "up (create)": ["up", "--yes", "--skip-preview"],
  "preview (no change)": ["preview"],
  "up (no change)": ["up", "--yes", "--skip-preview"],
  "up (rotate all)": ["up", "--yes", "--skip-preview"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  "up --refresh (no change)": ["up", "--refresh", "--yes"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

/**
 * A stack taken through OPERATIONS one call of `step` at a time, so that the bench can interleave
 * the stacks it compares and machine load drifting over the run falls on all of them alike.
 */
export class Lifecycle {
  readonly ops = {} as Record<Operation, OperationMeasurement>;
  private readonly passwords = [canary("benchpw"), canary("benchpw")];
  /** `pulumi stack export` after create and after rotate, as printed (secrets encrypted). */
  readonly states: string[] = [];
  private state?: StateMeasurement;

  private constructor(private readonly stack: BenchStack, private readonly proxy: FaultProxy) {}

  static async init(options: StackOptions, proxy: FaultProxy): Promise<Lifecycle> {
    const lifecycle = new Lifecycle(await BenchStack.init(options), proxy);
    await lifecycle.setPassword(lifecycle.passwords[0]);
    return lifecycle;
  }

  async step(op: Operation): Promise<void> {
    const { stack, proxy } = this;
    if (op === "up (rotate all)") await this.setPassword(this.passwords[1]);
    const probe = new ProviderMemoryProbe(stack.cpuMarker, PROVIDER_COMMAND[stack.options.kind]);
    proxy.reset();
    stack.resetCpu();
    probe.start();
    const started = process.hrtime.bigint();
    let seconds: number;
    let peak: number | undefined;
    try {
      await stack.command(...COMMANDS[op]);
      seconds = Number(process.hrtime.bigint() - started) / 1e9;
    } finally {
      // Also when the command fails: the probe's timer would keep mocha's process alive after the failure.
      peak = probe.stop();
    }
    const cpu = stack.providerCpu();
    if (cpu.processes === 0) throw new Error(`no provider CPU recorded for ${op}: did the engine kill the provider host?`);
    this.ops[op] = {
      seconds: round(seconds), requests: proxy.requests.length, providerCpuSeconds: cpu.seconds, providerProcesses: cpu.processes,
      ...(peak ? { peakProviderRssMb: peak } : {}),
    };
    if (op === "up (create)" || op === "up (rotate all)") this.states.push(await stack.exportedState());
    if (op === "up (create)") this.state = measureState(this.states[0], stack.options.kind, stack.options.n, stack.checkpointBytes());
  }

  /** In secret config, or for the reference kind in the environment of `pulumi`, which the provider reads. */
  private async setPassword(password: string): Promise<void> {
    if (this.stack.options.kind === "reference") this.stack.cli.env.BENCH_PASSWORD = password;
    else await this.stack.config("password", password, true);
  }

  /** After every step: the measurements, once the CLI output and states are known free of the passwords. */
  result(): LifecycleResult {
    const leaks = findCanaries(this.passwords, { transcript: this.stack.cli.transcript.join("\n"), ...Object.fromEntries(this.states.map((text, i) => [`export ${i}`, text])) });
    if (leaks.length) throw new Error(`plaintext password in ${leaks.join(", ")}`);
    return { ops: this.ops, state: this.state! };
  }
}

/** The credentials' type in state: the dynamic resources all share one; the native one has its token. */
const isCredential = (kind: Kind, type: string) => (isNativeKind(kind) ? type === TOKENS.credential : type.startsWith("pulumi-nodejs:dynamic"));

interface ExportedResource { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }
interface Exported { deployment: { resources: ExportedResource[] } }

/**
 * A deployment as `pulumi stack export` prints it (Go's json.Encoder with HTML escaping off:
 * 4-space indent, U+2028 and U+2029 escaped, a final newline), so that the bytes of a part can be
 * measured by printing the export with and without it. measureState checks this against the real export.
 */
export function exportText(value: unknown): string {
  const escaped = JSON.stringify(value, null, 4).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `${escaped}\n`;
}

const bytes = (text: string) => Buffer.byteLength(text);

export function measureState(exported: string, kind: Kind, n: number, checkpointBytes: number | undefined): StateMeasurement {
  const parsed: Exported = JSON.parse(exported);
  if (exportText(parsed) !== exported) throw new Error("exportText no longer prints what `pulumi stack export` does: the bytes per credential would be off");
  const resources = parsed.deployment.resources;
  const credentials = resources.filter((r) => isCredential(kind, r.type));
  if (credentials.length !== n) throw new Error(`expected ${n} ${kind} credentials in state, found ${credentials.length}`);
  const withResources = (list: ExportedResource[]) => exportText({ ...parsed, deployment: { ...parsed.deployment, resources: list } });
  const first = credentials[0];
  const firstWithoutProvider = structuredClone(first);
  delete firstWithoutProvider.inputs?.__provider;
  delete firstWithoutProvider.outputs?.__provider;
  return {
    entryBytes: Math.round(credentials.reduce((sum, r) => sum + JSON.stringify(r).length, 0) / n),
    providerBytes: typeof first.inputs?.__provider === "string" ? first.inputs.__provider.length : 0,
    exportBytesPerResource: Math.round(exported.length / n),
    exportBytesPerCredential: Math.round((bytes(exported) - bytes(withResources(resources.filter((r) => !credentials.includes(r))))) / n),
    providerExportBytes: bytes(exported) - bytes(withResources(resources.map((r) => (r === first ? firstWithoutProvider : r)))),
    ...(checkpointBytes ? { checkpointBytesPerResource: Math.round(checkpointBytes / n) } : {}),
  };
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
