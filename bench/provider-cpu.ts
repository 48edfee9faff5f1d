/**
 * The provider process's own CPU time, as recorded by bench/bin/record-cpu (one "user sys" line per
 * provider process, in bash `times` format) for the dynamic-provider host and the native plugin
 * alike, and its peak memory, sampled from /proc. Both count only the processes started for one bench stack: other work on the machine
 * (other developers' tests) runs provider processes too.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

export interface ProviderCpu {
  /** User + system seconds, summed over the provider processes. */
  seconds: number;
  processes: number;
}

/** `0m1.234s` -> 1.234 */
function bashSeconds(text: string): number {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  if (!match) throw new Error(`unexpected time "${text}" in the provider CPU record`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function readProviderCpu(file: string): ProviderCpu {
  if (!existsSync(file)) return { seconds: 0, processes: 0 };
  const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
  const seconds = lines.reduce((sum, line) => sum + line.split(" ").map(bashSeconds).reduce((a, b) => a + b, 0), 0);
  return { seconds: Math.round(seconds * 1000) / 1000, processes: lines.length };
}

/**
 * Peak RSS of the provider processes whose environment carries `marker` (the stack's CPU file
 * variable): Node processes whose command line contains `command`, the plugin's file name (the
 * bash wrappers name it too but are not Node), sampled every 100 ms while an operation runs.
 */
export class ProviderMemoryProbe {
  private peakKb = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly marker: string, private readonly command: string) {}

  start(): void {
    this.peakKb = 0;
    this.timer = setInterval(() => this.sample(), 100);
  }

  /** Peak in MB, or undefined when no provider process was seen. */
  stop(): number | undefined {
    clearInterval(this.timer);
    this.sample();
    return this.peakKb ? Math.round(this.peakKb / 1024) : undefined;
  }

  private sample(): void {
    for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(this.command)) continue;
        if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "node") continue;
        if (!readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(this.marker)) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (hwm) this.peakKb = Math.max(this.peakKb, Number(hwm[1]));
      } catch {
        // The process ended between listing and reading.
      }
    }
  }
}
