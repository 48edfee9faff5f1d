/**
 * Finds the processes a test started, however they were started (the engine launches plugins in
 * process groups of their own): each carries a marker in its environment, inherited from the CLI.
 */
import { readdirSync, readFileSync } from "node:fs";

export interface MarkedProcess {
  pid: number;
  command: string;
}

export function processesMarkedWith(marker: string): MarkedProcess[] {
  const needle = `PULUMI_SKYVERN_RUN_MARKER=${marker}`;
  const found: MarkedProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(needle)) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, "latin1").split("\0").join(" ").trim();
      found.push({ pid: Number(entry), command });
    } catch {
      // The process ended while we looked: it is not left over.
    }
  }
  return found;
}

/** Waits until no marked process is left, or the deadline passes; returns what is left. */
export async function waitForNoProcessesMarkedWith(marker: string, deadlineMs: number): Promise<MarkedProcess[]> {
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    const left = processesMarkedWith(marker);
    if (left.length === 0 || Date.now() > giveUpAt) return left;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
