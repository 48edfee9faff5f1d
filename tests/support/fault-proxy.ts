/**
 * A small HTTP proxy in front of the real Skyvern server. It counts requests and concurrency, and
 * injects the faults the real server cannot produce: 429 with Retry-After, 5xx before or after the
 * server handled the request, connection resets before or after, latency, and requests held until
 * the test releases them. Loopback only.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  /** Answers with this status; with `afterServer`, only after the real server handled the request. */
  | { kind: "status"; status: number; retryAfterSeconds?: number; echoBody?: boolean; afterServer?: boolean }
  | { kind: "reset-before" }
  | { kind: "reset-after" }
  | { kind: "delay"; ms: number }
  /** Forwards only once `until` settles: lets a test order a request after others it has seen. */
  | { kind: "hold"; until: Promise<unknown> }
  /** Answers with this JSON body without asking the server, e.g. a list that lags behind a create. */
  | { kind: "respond"; status: number; body: unknown }
  /** Answers with this status and the JSON `reply` makes of the request body: a server quoting what it was sent, in its own form. */
  | { kind: "reply"; status: number; reply: (requestBody: string) => unknown };

export interface SeenRequest {
  method: string;
  path: string;
  /** What the proxy did: forwarded (with the server's status) or which fault. */
  outcome: string;
  at: number;
  /** The body the proxy answered with itself (a `reply` fault), for a scan's positive control. */
  replied?: string;
  /**
   * The `credential_id` or `folder_id` a forwarded, successful POST's reply carried: for a create,
   * the id it made, so a test can tell parallel creates apart (ids only, never a body).
   */
  replyId?: string;
}

export type FaultRule = (request: { method: string; path: string; index: number }) => Fault | undefined;

export class FaultProxy {
  readonly requests: SeenRequest[] = [];
  maxInFlight = 0;
  private inFlight = 0;

  private constructor(private readonly server: http.Server, private readonly target: URL, public rule: FaultRule) {}

  static async start(targetBaseUrl: string, rule: FaultRule = () => undefined): Promise<FaultProxy> {
    const server = http.createServer();
    server.keepAliveTimeout = 1000;
    const proxy = new FaultProxy(server, new URL(targetBaseUrl), rule);
    server.on("request", (req, res) => void proxy.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Requests whose path matches, e.g. count("POST", /^\/v1\/credentials$/). */
  count(method?: string, path?: RegExp): number {
    return this.requests.filter((r) => (!method || r.method === method) && (!path || path.test(r.path.split("?")[0]))).length;
  }

  reset(): void {
    this.requests.length = 0;
    this.maxInFlight = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const seen: SeenRequest = { method, path, outcome: "pending", at: Date.now() };
    this.requests.push(seen);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const fault = this.rule({ method, path, index: this.requests.length - 1 });
      if (fault?.kind === "reset-before") {
        seen.outcome = "reset-before";
        req.socket.destroy();
        return;
      }
      if (fault?.kind === "reply") {
        seen.outcome = `reply ${fault.status}`;
        seen.replied = JSON.stringify(fault.reply(body.toString("utf8")));
        res.writeHead(fault.status, { "content-type": "application/json" }).end(seen.replied);
        return;
      }
      if (fault?.kind === "status" && !fault.afterServer) {
        seen.outcome = `fault ${fault.status}`;
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
        // echoBody mimics a server that quotes the request in its error, as careless servers do.
        const detail = fault.echoBody ? `could not process ${body.toString("utf8")}` : `injected ${fault.status}`;
        res.writeHead(fault.status, headers).end(JSON.stringify({ detail }));
        return;
      }
      if (fault?.kind === "respond") {
        seen.outcome = `responded ${fault.status}`;
        res.writeHead(fault.status, { "content-type": "application/json" }).end(JSON.stringify(fault.body));
        return;
      }
      if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (fault?.kind === "hold") await fault.until;
      const upstream = await forward(this.target, req, body);
      if (fault?.kind === "status") {
        seen.outcome = `fault ${fault.status} (server said ${upstream.status})`;
        res.writeHead(fault.status, { "content-type": "application/json" }).end(JSON.stringify({ detail: `injected ${fault.status}` }));
        return;
      }
      if (fault?.kind === "reset-after") {
        seen.outcome = `reset-after (server said ${upstream.status})`;
        req.socket.destroy();
        return;
      }
      if (method === "POST" && upstream.status < 300) seen.replyId = idInReply(upstream.body);
      seen.outcome = `forwarded ${upstream.status}${fault?.kind === "delay" ? ` after ${fault.ms}ms` : fault?.kind === "hold" ? " after hold" : ""}`;
      res.writeHead(upstream.status, upstream.headers).end(upstream.body);
    } catch (error) {
      seen.outcome = `proxy error ${(error as Error).message}`;
      // The proxy's own failure, named so a test that meets it says what broke (no request body in it).
      if (!res.headersSent) res.writeHead(599, { "content-type": "application/json" }).end(JSON.stringify({ detail: seen.outcome }));
    } finally {
      this.inFlight--;
    }
  }
}

function idInReply(body: Buffer): string | undefined {
  try {
    const reply = JSON.parse(body.toString("utf8")) as { credential_id?: unknown; folder_id?: unknown };
    const id = reply.credential_id ?? reply.folder_id;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined; // not JSON: no id to record
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => resolve(Buffer.concat(chunks))).on("error", reject);
  });
}

function forward(target: URL, req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: target.host };
    delete headers.connection;
    // A fresh connection per request: nothing a previous request left on a pooled socket (a
    // connection the server is closing) can fail this one.
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => {
        const responseHeaders = { ...res.headers };
        delete responseHeaders.connection;
        delete responseHeaders["keep-alive"];
        resolve({ status: res.statusCode ?? 502, headers: responseHeaders, body: Buffer.concat(chunks) });
      });
    });
    upstream.on("error", reject);
    upstream.end(body);
  });
}
