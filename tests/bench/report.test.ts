/**
 * The bench's own arithmetic, on made-up states and measurements: bytes per credential leave out
 * the stack's fixed part and name what `__provider` costs, and the report's native rows carry the
 * ratios and request checks the issue asks for. (The bench itself checks exportText against the
 * real `pulumi stack export` on every run.)
 */
import assert from "node:assert/strict";
import { exportText, measureState, OPERATIONS, type LifecycleResult, type Operation, type OperationMeasurement } from "../../bench/lifecycle";
import { markdown, type BenchResults } from "../../bench/report";

const PROVIDER_MODULE = 'exports.handler = __f0;\nfunction __f0() { return require("pulumi-skyvern/provider-runtime"); }';

function deployment(credentials: object[], fixedConfig = "x"): string {
  return exportText({
    version: 3,
    deployment: {
      manifest: { time: "2026-11-29T00:00:00Z" },
      resources: [
        { urn: "urn:pulumi:s::bench::pulumi:pulumi:Stack::bench-s", type: "pulumi:pulumi:Stack" },
        { urn: "urn:pulumi:s::bench::pulumi:providers:skyvern::default_0_2_0", type: "pulumi:providers:skyvern", inputs: { baseUrl: fixedConfig } },
        ...credentials,
      ],
    },
  });
}

function credential(i: number, type: string, withProvider: boolean): object {
  const properties = { ...(withProvider ? { __provider: PROVIDER_MODULE } : {}), name: `s-${i}`, credentialType: "password" };
  return { urn: `urn:pulumi:s::bench::${type}::cred-${i}`, type, inputs: properties, outputs: { ...properties, credentialId: `cred_${i}` } };
}

const DYNAMIC = "pulumi-nodejs:dynamic:Resource";
const NATIVE = "skyvern:index:Credential";

describe("bench: bytes per credential in state", () => {
  it("leave out the stack's fixed part: a larger default provider config changes nothing per credential", () => {
    const credentials = [0, 1, 2].map((i) => credential(i, NATIVE, false));
    const small = measureState(deployment(credentials, "x"), "native", 3, undefined);
    const large = measureState(deployment(credentials, "x".repeat(5000)), "native", 3, undefined);
    assert.equal(small.exportBytesPerCredential, large.exportBytesPerCredential);
    const oneEntry = deployment([credential(0, NATIVE, false)]).length - deployment([]).length;
    assert.ok(Math.abs(small.exportBytesPerCredential - oneEntry) <= 2, `${small.exportBytesPerCredential} B against one entry's ${oneEntry} B`);
  });

  it("count the dynamic resource's `__provider` in inputs and outputs, and none for the native one", () => {
    const dynamic = measureState(deployment([0, 1].map((i) => credential(i, DYNAMIC, true))), "skyvern", 2, undefined);
    const native = measureState(deployment([0, 1].map((i) => credential(i, NATIVE, false))), "native", 2, undefined);
    assert.equal(native.providerExportBytes, 0);
    // The module, JSON-escaped, on two lines (inputs and outputs) with its key and indentation.
    assert.ok(dynamic.providerExportBytes > 2 * JSON.stringify(PROVIDER_MODULE).length, `${dynamic.providerExportBytes} B`);
    // The only other difference between the two made-up entries is the type in `type` and in the URN.
    const typeBytes = 2 * (DYNAMIC.length - NATIVE.length);
    assert.equal(dynamic.exportBytesPerCredential - native.exportBytesPerCredential, dynamic.providerExportBytes + typeBytes);
  });

  it("refuse a state whose credentials are not the kind measured", () => {
    assert.throws(() => measureState(deployment([credential(0, DYNAMIC, true)]), "native", 1, undefined), /expected 1 native credentials in state, found 0/);
  });
});

describe("bench: the report's native rows", () => {
  const measured = (seconds: number, requests: (op: Operation) => number): LifecycleResult => ({
    ops: Object.fromEntries(OPERATIONS.map((op): [Operation, OperationMeasurement] =>
      [op, { seconds, requests: requests(op), providerCpuSeconds: seconds / 10, providerProcesses: 1, peakProviderRssMb: 70 }])) as Record<Operation, OperationMeasurement>,
    state: { entryBytes: 1, providerBytes: 0, exportBytesPerResource: 1, exportBytesPerCredential: seconds * 1000, providerExportBytes: 0 },
  });
  // What the native provider makes for 10 credentials: one request each per write, a coalesced refresh's 6, twice that for `up --refresh`.
  const expected = (op: Operation) => ({ "up (create)": 10, "preview (no change)": 0, "up (no change)": 0, "up (rotate all)": 10, refresh: 6, "up --refresh (no change)": 12, destroy: 10 })[op];
  const results = (nativeRequests: (op: Operation) => number): BenchResults => ({
    measuredAt: "2026-11-29T00:00:00Z", note: "made up", concurrency: 8, pulumiSdkVersion: "3.0.0", direct: {},
    rows: [
      { backend: "file", n: 10, form: "installed", kind: "skyvern", result: measured(4, expected) },
      // The floor makes no request (bench/noop-package does nothing).
      { backend: "file", n: 10, form: "installed", kind: "floor", result: measured(2, () => 0) },
      { backend: "file", n: 10, form: "installed", kind: "native", result: measured(3, nativeRequests) },
    ],
  });

  it("give native seconds with their ratios to the dynamic resource and to the floor, CPU, RSS and bytes per credential", () => {
    const text = markdown(results(expected), undefined);
    // native 3 s, ours 4 s, floor 2 s: 0.75 and 1.5; CPU 0.3 s against 0.4 and 0.2; 10 requests expected.
    assert.match(text, /\| up \(create\) \| 3 \| 4 \| 2 \| 0\.75 \| 1\.5 \| 10 \| 10 \| 0\.3 \| 0\.75 \| 1\.5 \| 30 \| 70 \|/);
    assert.match(text, /\| native \(`Credential`\) \| 3000 \| 0 \| 3000 \|/);
    assert.match(text, /requests[^\n]*\| met \|/);
  });

  it("mark the requests target missed when the native provider makes other requests than expected", () => {
    const text = markdown(results((op) => (op === "refresh" ? 10 : expected(op))), undefined);
    assert.match(text, /\| refresh \| 3 \|[^\n]*\| 10 \| <= 6 \|/);
    assert.match(text, /\*\*missed\*\*: file N=10 native refresh: 10, expected <= 6/);
  });
});

describe("bench: the native floor's rows", () => {
  const row = (backend: "file" | "postgres", n: number, kind: "native" | "native-floor" | "skyvern" | "floor", seconds: (op: Operation) => number, requests = 0) => ({
    backend, n, form: "installed" as const, kind,
    result: {
      ops: Object.fromEntries(OPERATIONS.map((op): [Operation, OperationMeasurement] => [op, { seconds: seconds(op), requests, providerCpuSeconds: 1, providerProcesses: 1 }])) as Record<Operation, OperationMeasurement>,
      state: { entryBytes: 1, providerBytes: 0, exportBytesPerResource: 1, exportBytesPerCredential: 1, providerExportBytes: 0 },
    },
  });
  const results = (rows: BenchResults["rows"]): BenchResults => ({ measuredAt: "2026-11-30T00:00:00Z", note: "made up", concurrency: 8, pulumiSdkVersion: "3.0.0", direct: {}, rows });

  it("give each native operation its ratio to the native floor and mark the 1.1x target at N = 100", () => {
    const n = 100;
    const native = (op: Operation) => (op === "refresh" ? 12 : 10);
    const text = markdown(results([row("file", n, "native", native, 0), row("file", n, "native-floor", () => 10)]), undefined);
    // preview makes no request; the native floor at 10 s: 1 and 1.2.
    assert.match(text, /\| preview \(no change\) \| 10 \| - \| - \| - \| - \| 0 \| 0 \|[^\n]*\| 10 \| 1 \| met \| 1 \| 1 \|/);
    assert.match(text, /\| refresh \| 12 \|[^\n]*\| 10 \| 1\.2 \| \*\*missed\*\* \|/);
    assert.match(text, /every native operation within 1\.1x of the native floor[^\n]*\*\*missed\*\*: file N=100 refresh 1\.2x/);
  });

  it("set each native write, and refresh, beside the native floor plus the same HTTP calls made directly", () => {
    const n = 100;
    const direct = { create: { seconds: 2, requests: n }, update: { seconds: 5, requests: n }, list: { seconds: 0.5, requests: 1 }, get: { seconds: 1, requests: n }, delete: { seconds: 3, requests: n } };
    const text = markdown({ ...results([row("file", n, "native", () => 12, 0), row("file", n, "native-floor", () => 10)]), direct: { [n]: direct } }, undefined);
    // create: 12 / (10 + 2); rotate: 12 / (10 + 5); destroy: 12 / (10 + 3); refresh: 12 / (10 + the
    // listing's 0.5), not the N GETs it no longer makes; no direct step for a preview.
    assert.match(text, /\| up \(create\) \| 12 \|[^\n]*\| 1\.2 \| \*\*missed\*\* \|[^|\n]*\|[^|\n]*\| 1 \|\n/);
    assert.match(text, /\| up \(rotate all\) \| 12 \|[^\n]*\| 0\.8 \|\n/);
    assert.match(text, /\| destroy \| 12 \|[^\n]*\| 0\.92 \|\n/);
    assert.match(text, /\| refresh \| 12 \|[^\n]*\| 1\.14 \|\n/);
    assert.match(text, /\| preview \(no change\) \| 12 \|[^\n]*\| - \|\n/);
    assert.match(text, /\| N \| create s \| update s \| list s \| get s \| delete s \|\n\|---:\|[^\n]*\n\| 100 \| 2 \| 5 \| 0\.5 \| 1 \| 3 \|/);
  });

  it("show no refresh-beside-direct figure for a run whose direct script did not list", () => {
    const n = 100;
    const direct = { create: { seconds: 2, requests: n }, update: { seconds: 5, requests: n }, get: { seconds: 1, requests: n }, delete: { seconds: 3, requests: n } };
    const text = markdown({ ...results([row("file", n, "native", () => 12, 0), row("file", n, "native-floor", () => 10)]), direct: { [n]: direct } }, undefined);
    assert.match(text, /\| refresh \| 12 \|[^\n]*\| - \|\n/);
    assert.match(text, /\| 100 \| 2 \| 5 \| - \| 1 \| 3 \|/);
  });

  it("hold refresh and up --refresh of 100 or more to 10 requests, and leave smaller sizes out of that target", () => {
    const reads = (refresh: number, upRefresh: number) => (op: Operation) => (op === "refresh" ? refresh : op === "up --refresh (no change)" ? upRefresh : 0);
    const met = markdown(results([row("file", 100, "native", () => 1, 0), row("file", 10, "native", () => 1, 0)].map((r, i) => ({ ...r, result: { ...r.result, ops: Object.fromEntries(OPERATIONS.map((op) => [op, { ...r.result.ops[op], requests: i === 0 ? reads(1, 2)(op) : reads(6, 12)(op) }])) as Record<Operation, OperationMeasurement> } }))), undefined);
    assert.match(met, /\| refresh and `up --refresh` \(both passes\) of N >= 100 credentials in at most 10 requests[^\n]*\| met \|/);
    const missed = markdown(results([row("file", 100, "native", () => 1, 0)].map((r) => ({ ...r, result: { ...r.result, ops: Object.fromEntries(OPERATIONS.map((op) => [op, { ...r.result.ops[op], requests: reads(1, 11)(op) }])) as Record<Operation, OperationMeasurement> } }))), undefined);
    assert.match(missed, /at most 10 requests[^\n]*\| \*\*missed\*\*: file N=100 native up --refresh \(no change\): 11 requests \|/);
  });

  it("mark the requests target missed when a floor makes a request", () => {
    const text = markdown(results([row("file", 10, "native", () => 1), row("file", 10, "native-floor", () => 1, 3)]), undefined);
    assert.match(text, /\*\*missed\*\*: [^\n]*file N=10 native floor up \(create\): 3, expected 0/);
  });

  it("report how rotate grows from 500 to 1000 on PostgreSQL beside each floor's own growth", () => {
    const rotate = (seconds: number) => (op: Operation) => (op === "up (rotate all)" ? seconds : 1);
    const text = markdown(results([
      row("postgres", 500, "native", rotate(100)), row("postgres", 500, "native-floor", rotate(80)),
      row("postgres", 1000, "native", rotate(250)), row("postgres", 1000, "native-floor", rotate(160)),
    ]), undefined);
    assert.match(text, /## How time grows from N = 500 to 1000 \(postgres backend\)\n\ntime\(1000\) \/ time\(500\); 2 would be linear/);
    assert.match(text, /\| operation \| native \| native floor \|\n\|---\|---:\|---:\|\n(?:[^\n]*\n)*\| up \(rotate all\) \| 2\.5 \| 2 \|/);
  });
});

describe("bench: the report's secret-references row", () => {
  const measured = (seconds: number, n: number): LifecycleResult => ({
    ops: Object.fromEntries(OPERATIONS.map((op): [Operation, OperationMeasurement] =>
      [op, { seconds, requests: (op.startsWith("preview") || op === "up (no change)" ? 0 : 1) * n, providerCpuSeconds: seconds / 10, providerProcesses: 1 }])) as Record<Operation, OperationMeasurement>,
    state: { entryBytes: 1, providerBytes: 0, exportBytesPerResource: 1, exportBytesPerCredential: 1, providerExportBytes: 0 },
  });
  const results = (referenceSeconds: number): BenchResults => ({
    measuredAt: "2026-11-29T00:00:00Z", note: "made up", concurrency: 8, pulumiSdkVersion: "3.0.0", direct: {},
    rows: [
      { backend: "file", n: 100, form: "installed", kind: "skyvern", result: measured(4, 100) },
      { backend: "file", n: 100, form: "installed", kind: "floor", result: measured(4, 100) },
      { backend: "file", n: 100, form: "installed", kind: "reference", result: measured(referenceSeconds, 100) },
    ],
  });

  it("gives create and no-op preview by reference beside by value, and marks the 1.05x no-op target", () => {
    const met = markdown(results(4.12), undefined);
    assert.match(met, /\| preview \(no change\) \| 4\.12 \| 4 \| 1\.03 \| 0 \| 0 \|/);
    assert.match(met, /\| up \(create\) \| 4\.12 \| 4 \| 1\.03 \| 100 \| 100 \|/);
    assert.match(met, /no-op preview with every password by reference[^\n]*\| met \|/);
    assert.match(markdown(results(4.4), undefined), /\*\*missed\*\*: file N=100 preview \(no change\) 1\.1x/);
  });
});

describe("bench: the same-shape dynamic floor's rows", () => {
  const row = (kind: "skyvern" | "floor" | "floor-shaped", seconds: (op: Operation) => number, requests: (op: Operation) => number) => ({
    backend: "file" as const, n: 100, form: "installed" as const, kind,
    result: {
      ops: Object.fromEntries(OPERATIONS.map((op): [Operation, OperationMeasurement] => [op, { seconds: seconds(op), requests: requests(op), providerCpuSeconds: seconds(op) / 10, providerProcesses: 1 }])) as Record<Operation, OperationMeasurement>,
      state: { entryBytes: 1, providerBytes: 0, exportBytesPerResource: 1, exportBytesPerCredential: 1, providerExportBytes: 0 },
    },
  });
  const ours = (op: Operation) => ({ "up (create)": 100, "preview (no change)": 0, "up (no change)": 0, "up (rotate all)": 100, refresh: 1, "up --refresh (no change)": 2, destroy: 100 })[op];
  const direct = { create: { seconds: 2, requests: 100 }, update: { seconds: 5, requests: 100 }, list: { seconds: 0.5, requests: 1 }, get: { seconds: 1, requests: 100 }, delete: { seconds: 3, requests: 100 } };
  const results = (shapedRequests = 0): BenchResults => ({
    measuredAt: "2026-12-01T00:00:00Z", note: "made up", concurrency: 8, pulumiSdkVersion: "3.0.0", direct: { 100: direct },
    rows: [
      row("skyvern", (op) => (op === "refresh" ? 12 : 10.5), ours),
      row("floor", () => 5, () => 0),
      row("floor-shaped", () => 10, () => shapedRequests),
    ],
  });

  it("gives each dynamic operation its ratio to the same-shape floor, with the direct calls beside the writes, and marks the 1.1x target", () => {
    const text = markdown(results(), undefined);
    // preview: 10.5 / 10; refresh 12 / 10, and 12 / (10 + the listing's 0.5); create 10.5 / (10 + 2); CPU 1.05 against 1.
    assert.match(text, /\| preview \(no change\) \| 10\.5 \| 10 \| 1\.05 \| met \| - \| 1\.05 \| 1 \| 1\.05 \|/);
    assert.match(text, /\| refresh \| 12 \| 10 \| 1\.2 \| \*\*missed\*\* \| 1\.14 \|/);
    assert.match(text, /\| up \(create\) \| 10\.5 \| 10 \| 1\.05 \| met \| 0\.88 \|/);
    assert.match(text, /every dynamic operation within 1\.1x of the same-shape dynamic floor[^\n]*\*\*missed\*\*: file N=100 refresh 1\.2x \|/);
  });

  it("marks the requests target missed when the same-shape floor makes a request", () => {
    assert.match(markdown(results(2), undefined), /\*\*missed\*\*: [^\n]*file N=100 same-shape floor up \(create\): 2, expected 0/);
  });
});
