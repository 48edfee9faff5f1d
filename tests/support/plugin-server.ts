/**
 * The plugin archives' download server for tests: what GitHub's release page is to the engine. It
 * serves the files of one folder (the output of `npm run build:plugin-archives`) and records every
 * request through RecordingServer, with the bytes sent, so a test can say exactly which archive the
 * engine fetched and that it got all of it. The engine is pointed here with Pulumi's own
 * PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES (`regexp=url` pairs matched against the pluginDownloadURL).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PLUGIN_DOWNLOAD_URL } from "../../provider/native/tokens";
import { RecordingServer } from "./recording-server";

export class PluginServer {
  /** `sent`: bytes answered, by request path. */
  private constructor(private readonly server: RecordingServer, readonly sent: Map<string, number>) {}

  static async start(folder: string): Promise<PluginServer> {
    const sent = new Map<string, number>();
    const server = await RecordingServer.start("127.0.0.1", (request, response) => {
      const file = path.join(folder, path.basename(decodeURIComponent(request.path.split("?")[0])));
      if (request.method !== "GET" || !existsSync(file)) return void response.writeHead(404).end();
      const body = readFileSync(file);
      sent.set(request.path, body.length);
      response.writeHead(200, { "content-type": "application/gzip", "content-length": body.length }).end(body);
    });
    return new PluginServer(server, sent);
  }

  /** Forgets the requests seen so far (between projects). */
  reset(): void {
    this.server.requests.length = 0;
    this.sent.clear();
  }

  /** "METHOD /path" of each request, in order. */
  requests(): string[] {
    return this.server.requests.map((request) => `${request.method} ${request.path}`);
  }

  /** The engine's setting that sends downloads for this package's pluginDownloadURL here. */
  get overrides(): string {
    return `^${PLUGIN_DOWNLOAD_URL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$=${this.server.url}`;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
