/**
 * Bench only (bench/preview-profile.ts): loaded into every Node process of a profiled run through
 * NODE_OPTIONS=--require, since Node 20 refuses --cpu-prof there. Profiles the process with the
 * inspector from start to exit and writes <pid>.cpuprofile into $BENCH_CPU_PROFILE_DIR. The engine
 * stops plugins with SIGINT or SIGTERM, which would end the process with no exit event: in plugin
 * processes they end it through process.exit, so the profile is written; the program ignores them.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROFILE_DIR;
// The language host (scripts/pulumi-hosts/pulumi-language-nodejs) only starts the program: not profiled.
const languageHost = /pulumi-language-nodejs$/.test(process.argv[1] ?? "");
if (dir && !languageHost) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  // A main-thread session answers synchronously, so this works inside the exit event.
  process.on("exit", () => {
    session.post("Profiler.stop", (error, result) => {
      if (!error) writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
  // A plugin ends at once, through the exit event. The program is interrupted by the language host
  // when the engine is done, possibly while it still writes its profile: it finishes on its own.
  const plugin = /pulumi-resource-/.test(process.argv[1] ?? "");
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => (plugin ? process.exit(130) : undefined));
}
