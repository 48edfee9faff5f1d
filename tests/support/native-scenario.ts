/**
 * What the native provider's scenario tests from another language (tests/native/python-scenarios,
 * go-scenarios) share: a project driven with the plain CLI against the counting proxy, requests read
 * back by resource name, state and server lookups, secret config that is also a canary, and the scan
 * after each step of every CLI line, the backend, `stack export` and what the run wrote under the
 * project and PULUMI_HOME, with the decrypted state as the positive control. The language's own
 * set-up (copying its example, its SDK, its host's environment) stays in its test.
 */
import assert from "node:assert/strict";
import path from "node:path";
import type { CredentialResponse, FolderResponse } from "../../sdk";
import { assertNoCanaries, canary, canaryCardNumber, canaryCvv, canarySeed, decryptedState, filesUnder, filesWrittenSince } from "./canary";
import type { CliProject } from "./cli-project";
import { unlessNotFound, type ProxiedSkyvern } from "./proxied-skyvern";

export interface StateResource { urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }

/** The rule text of sdk/schemas.ts's Luhn check: the preview must show it beside the field's path. */
export const LUHN_RULE = "fails the Luhn checksum: check for a mistyped digit";

/** A card number failing the Luhn check: a valid one with its check digit moved by one. */
export function luhnFailing(): string {
  const valid = canaryCardNumber();
  return `${valid.slice(0, -1)}${(Number(valid.slice(-1)) + 1) % 10}`;
}

export class NativeScenario {
  project!: CliProject;
  pulumiHome!: string;
  /** The secret config values the program reads, as currently set. */
  readonly config: Record<string, string> = {};
  /** Resource name -> id, as the last step recorded them (`recordIds`); kept as one object so aliases stay current. */
  readonly ids: Record<string, string> = {};
  /** Every canary the run handled. */
  private readonly secrets: string[] = [];
  /** The decrypted state of the last step that had resources: the positive control once destroy emptied it. */
  private control = { text: "", canaries: [] as string[] };
  /** When the plugin (and the language's packages) were in place: later files under PULUMI_HOME and the project are the run's own. */
  private setUpAt = 0;

  constructor(private readonly skyvern: ProxiedSkyvern) {}

  /** The project and its PULUMI_HOME are set up: files written from now on are the run's. */
  readonly setUpDone = () => { this.setUpAt = Date.now(); };

  readonly recordIds = (ids: Record<string, string>) => {
    for (const name of Object.keys(this.ids)) delete this.ids[name];
    Object.assign(this.ids, ids);
  };

  readonly requests = () => this.skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`);

  /** A request line with ids written as the resource names that hold them, so expectations read plainly. */
  readonly withNames = (line: string) => Object.entries(this.ids).reduce((text, [name, id]) => text.split(id).join(`{${name}}`), line);

  /**
   * Each resource's requests in the order sent, by resource name: Pulumi runs independent resources
   * in parallel, so only each resource's own sequence (and the order between dependents) is fixed.
   * A create is attributed by the id its reply carried; a request nothing names lands under "?".
   */
  readonly requestsByResource = (): Record<string, string[]> => {
    const byName: Record<string, string[]> = {};
    for (const request of this.skyvern.proxy.requests) {
      const id = request.replyId ?? Object.values(this.ids).find((candidate) => request.path.includes(candidate));
      const name = Object.entries(this.ids).find(([, candidate]) => candidate === id)?.[0] ?? "?";
      (byName[name] ??= []).push(this.withNames(`${request.method} ${request.path}`));
    }
    return byName;
  };

  readonly state = async (): Promise<StateResource[]> => (JSON.parse(await this.project.ok("stack", "export")).deployment.resources ?? []) as StateResource[];

  /** Resource name -> id of the skyvern resources in state. */
  readonly idsInState = async (): Promise<Record<string, string>> =>
    Object.fromEntries((await this.state()).filter((r) => r.type.startsWith("skyvern:index:")).map((r) => [r.urn.split("::").pop()!, r.id!]));

  readonly onServer = (id: string): Promise<CredentialResponse | undefined> => unlessNotFound(() => this.skyvern.direct.credentials.get(id));
  readonly folderOnServer = (id: string): Promise<FolderResponse | undefined> => unlessNotFound(() => this.skyvern.direct.folders.get(id));

  /** `pulumi config set --secret`, the value tracked as a canary. */
  readonly setSecret = async (key: string, value: string): Promise<void> => {
    this.config[key] = value;
    this.secrets.push(value);
    await this.project.ok("config", "set", "--secret", key, value);
  };

  /** The `dev` stack of examples/python and examples/go: Skyvern behind the proxy, and the secrets their programs read, as canaries. */
  readonly initDevStack = async (): Promise<void> => {
    await this.project.ok("stack", "init", "dev");
    await this.project.ok("config", "set", "skyvern:baseUrl", this.skyvern.proxy.url);
    await this.project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    await this.setSecret("githubPassword", canary("pw"));
    await this.setSecret("githubTotpSeed", canarySeed());
    await this.setSecret("cardNumber", canaryCardNumber());
    await this.setSecret("cardCvv", canaryCvv(this.config.cardNumber.slice(-4)));
    await this.setSecret("stripeKey", canary("sk"));
  };

  /** After a step that passed: no canary and no API key anywhere the run wrote or printed. */
  readonly scanAfterStep = async (): Promise<void> => {
    const backend = this.project.env.PULUMI_BACKEND_URL!.replace("file://", "");
    // Under the project and PULUMI_HOME only what the run wrote: the packages' and the plugin's own
    // bytes can hold a 4-digit CVV canary by chance.
    const written = { ...filesWrittenSince(this.project.dir, this.setUpAt), ...filesWrittenSince(this.pulumiHome, this.setUpAt) };
    assert.ok(path.join(this.project.dir, "Pulumi.dev.yaml") in written, "the scan sees the files the run wrote (the stack's encrypted config)");
    const texts = { cliExport: await this.project.ok("stack", "export"), ...filesUnder(backend), ...written, transcript: this.project.transcript.join("\n") };
    if (Object.keys(await this.idsInState()).length > 0) {
      // The values the program holds now, all in the decrypted state: what the scan must be able to find.
      this.control = { text: await decryptedState(this.project), canaries: Object.values(this.config) };
    }
    assertNoCanaries([...this.secrets, process.env.SKYVERN_API_KEY!], texts, this.control);
  };
}
