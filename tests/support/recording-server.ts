/**
 * A stub HTTP server that records everything it receives (method, path, headers, body) and answers
 * as the test tells it: the "other host" a redirect points to, or a redirecting front. Used to
 * show what did, and did not, reach an address other than the configured base URL.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Responder = (request: RecordedRequest, response: http.ServerResponse) => void;

export class RecordingServer {
  readonly requests: RecordedRequest[] = [];

  private constructor(private readonly server: http.Server, readonly host: string) {}

  /** Listens on `host` (any local address, e.g. 127.0.0.2) at a free port. */
  static async start(host: string, respond: Responder = (_, res) => void res.writeHead(200, { "content-type": "application/json" }).end("{}")): Promise<RecordingServer> {
    const server = http.createServer();
    const recorder = new RecordingServer(server, host);
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => {
        const recorded = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        recorder.requests.push(recorded);
        respond(recorded, res);
      });
    });
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, host, resolve));
    return recorder;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `host:port`, as a URL's `host` spells it. */
  get hostPort(): string {
    return `${this.host.includes(":") ? `[${this.host}]` : this.host}:${this.port}`;
  }

  get url(): string {
    return `http://${this.hostPort}`;
  }

  /** Everything received, as text, for secret scans. */
  received(): string {
    return this.requests.map((r) => `${r.method} ${r.path}\n${JSON.stringify(r.headers)}\n${r.body}`).join("\n");
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A front that answers every request with `status` and a Location on `target` (same path), plus a body of its own. */
export function redirectingTo(target: () => string, status: number, body: string): Responder {
  return (request, response) => void response.writeHead(status, { location: `${target()}${request.path}`, "content-type": "text/plain" }).end(body);
}
