/**
 * One bench stack's whole lifecycle through the plain CLI, each operation measured: wall time,
 * requests seen at the counting proxy, the provider process's CPU time and peak memory. Then the
 * state it left, and a scan for the password canary in everything the CLI printed and stored.
 */
import { canary, findCanaries } from "../tests/support/canary";
import type { FaultProxy } from "../tests/support/fault-proxy";
import { BenchStack, type StackOptions } from "./consumer";
import { ProviderMemoryProbe } from "./provider-cpu";

export const OPERATIONS = ["up (create)", "preview (no change)", "up (no change)", "up (rotate all)", "refresh", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Requests each operation should make per credential. */
export const EXPECTED_REQUESTS_PER_CREDENTIAL: Record<Operation, number> = {
  "up (create)": 1, "preview (no change)": 0, "up (no change)": 0, "up (rotate all)": 1, refresh: 1, destroy: 1,
};

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
  /** File backend: the checkpoint file rewritten after each step, per resource. */
  checkpointBytesPerResource?: number;
}

export interface LifecycleResult {
  ops: Record<Operation, OperationMeasurement>;
  state: StateMeasurement;
}

/** Flags: each `up`, `refresh` and `destroy` skips its preview so it runs each provider call once. */
const COMMANDS: Record<Operation, string[]> = {
  "up (create)": ["up", "--yes", "--skip-preview"],
  "preview (no change)": ["preview"],
  "up (no change)": ["up", "--yes", "--skip-preview"],
  "up (rotate all)": ["up", "--yes", "--skip-preview"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

/**
 * A stack taken through OPERATIONS one call of `step` at a time, so that the bench can interleave
 * the stacks it compares and machine load drifting over the run falls on all of them alike.
 */
export class Lifecycle {
  readonly ops = {} as Record<Operation, OperationMeasurement>;
  private readonly passwords = [canary("benchpw"), canary("benchpw")];
  private readonly states: string[] = [];
  private state?: StateMeasurement;

  private constructor(private readonly stack: BenchStack, private readonly proxy: FaultProxy) {}

  static async init(options: StackOptions, proxy: FaultProxy): Promise<Lifecycle> {
    const lifecycle = new Lifecycle(await BenchStack.init(options), proxy);
    await lifecycle.stack.config("password", lifecycle.passwords[0], true);
    return lifecycle;
  }

  async step(op: Operation): Promise<void> {
    const { stack, proxy } = this;
    if (op === "up (rotate all)") await stack.config("password", this.passwords[1], true);
    const probe = new ProviderMemoryProbe(stack.cpuMarker);
    proxy.reset();
    stack.resetCpu();
    probe.start();
    const started = process.hrtime.bigint();
    await stack.command(...COMMANDS[op]);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peak = probe.stop();
    const cpu = stack.providerCpu();
    if (cpu.processes === 0) throw new Error(`no provider CPU recorded for ${op}: did the engine kill the provider host?`);
    this.ops[op] = {
      seconds: round(seconds), requests: proxy.requests.length, providerCpuSeconds: cpu.seconds, providerProcesses: cpu.processes,
      ...(peak ? { peakProviderRssMb: peak } : {}),
    };
    if (op === "up (create)" || op === "up (rotate all)") this.states.push(await stack.exportedState());
    if (op === "up (create)") this.state = measureState(this.states[0], stack.options.n, stack.checkpointBytes());
  }

  /** After every step: the measurements, once the CLI output and states are known free of the passwords. */
  result(): LifecycleResult {
    const leaks = findCanaries(this.passwords, { transcript: this.stack.cli.transcript.join("\n"), ...Object.fromEntries(this.states.map((text, i) => [`export ${i}`, text])) });
    if (leaks.length) throw new Error(`plaintext password in ${leaks.join(", ")}`);
    return { ops: this.ops, state: this.state! };
  }
}

function measureState(exported: string, n: number, checkpointBytes: number | undefined): StateMeasurement {
  const resources: { type: string; inputs?: { __provider?: string } }[] = JSON.parse(exported).deployment.resources;
  const dynamic = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"));
  if (dynamic.length !== n) throw new Error(`expected ${n} dynamic resources in state, found ${dynamic.length}`);
  return {
    entryBytes: Math.round(dynamic.reduce((sum, r) => sum + JSON.stringify(r).length, 0) / n),
    providerBytes: dynamic[0].inputs?.__provider?.length ?? 0,
    exportBytesPerResource: Math.round(exported.length / n),
    ...(checkpointBytes ? { checkpointBytesPerResource: Math.round(checkpointBytes / n) } : {}),
  };
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
