/**
 * The native provider's schema: the committed schema.json is what the zod schemas give today, it
 * says the package's version, marks every secret, describes every property and covers every input
 * and output the runtime has; and the bundled plugin serves exactly it.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GetSchemaRequest } from "@pulumi/pulumi/proto/provider_pb";
import { INPUT_KEYS } from "../../provider/credential/inputs";
import { OUTPUT_PROPERTIES } from "../../provider/credential/outputs";
import { schemaJson } from "../../provider/native/write-schema";
import { SECRET_CREDENTIAL_FIELDS, credentialSchemasByType } from "../../sdk/schemas";
import { PROJECT_ROOT } from "../support/paths";

// Parsed JSON, walked by key and checked by the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = Record<string, any>;
const committed = () => readFileSync(path.join(PROJECT_ROOT, "schema.json"), "utf8");
const schema = (): Spec => JSON.parse(committed());
const CREDENTIAL = "skyvern:index:Credential";
const TYPE_OF: Record<string, string> = { password: "PasswordCredential", credit_card: "CreditCardCredential", secret: "SecretCredential" };

describe("native provider schema", () => {
  it("schema.json is what the zod schemas give (run `npm run schema` after changing them)", () => {
    assert.equal(committed(), schemaJson());
  });

  it("says the package's version", () => {
    const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
    assert.equal(schema().version, version);
  });

  it("marks every secret: each secret credential field, the credential as a whole, the API key", () => {
    const { types, resources, config } = schema();
    for (const [credentialType, fields] of Object.entries(credentialSchemasByType)) {
      const properties = types[`skyvern:index:${TYPE_OF[credentialType]}`].properties;
      for (const field of Object.keys(fields.shape)) {
        assert.equal(properties[field].secret === true, SECRET_CREDENTIAL_FIELDS.includes(field), `${credentialType}.${field}`);
      }
    }
    assert.equal(resources[CREDENTIAL].inputProperties.credential.secret, true);
    assert.equal(resources[CREDENTIAL].properties.credential.secret, true);
    assert.equal(config.variables.apiKey.secret, true);
  });

  it("has every runtime input as an input and every output as a property, each described", () => {
    const credential = schema().resources[CREDENTIAL];
    assert.deepEqual([...INPUT_KEYS].sort(), Object.keys(credential.inputProperties).sort());
    for (const key of [...INPUT_KEYS, ...OUTPUT_PROPERTIES]) assert.ok(credential.properties[key], `output ${key}`);
    const undescribed = Object.entries(schema().resources).flatMap(([token, resource]) =>
      Object.entries((resource as Spec).properties as Spec).filter(([, spec]) => !spec.description).map(([key]) => `${token}.${key}`));
    const undescribedTypes = Object.entries(schema().types).flatMap(([token, type]) =>
      Object.entries((type as Spec).properties as Spec).filter(([, spec]) => !spec.description).map(([key]) => `${token}.${key}`));
    assert.deepEqual([...undescribed, ...undescribedTypes], []);
  });

  it("is served by the bundled plugin, with the version", async function () {
    const plugin = spawn(path.join(PROJECT_ROOT, "dist", "plugin", "pulumi-resource-skyvern"), [], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const port = await new Promise<string>((resolve, reject) => {
        plugin.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
        plugin.once("exit", (code) => reject(new Error(`plugin exited with ${code} before printing its port`)));
      });
      assert.match(port, /^\d+$/);
      const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      const served = await new Promise<string>((resolve, reject) =>
        client.getSchema(new GetSchemaRequest(), (error, response) => (error ? reject(error) : resolve(response.getSchema()))));
      assert.deepEqual(JSON.parse(served), schema());
      const version = await new Promise<string>((resolve, reject) =>
        client.getPluginInfo(new Empty(), (error, response) => (error ? reject(error) : resolve(response.getVersion()))));
      assert.equal(version, schema().version);
      client.close();
    } finally {
      plugin.kill();
    }
  });
});
