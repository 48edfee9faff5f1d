/**
 * A second organization, with its own API key, on the local Skyvern the tests run against: what a
 * team with a dev and a prod organization has. Skyvern offers no API to create one; its own CLI does
 * it (`skyvern doctor`'s local auth repair) by running `create_organization` and
 * `create_org_api_token` with the server's settings. This does the same, in the environment of the
 * server process that scripts/skyvern-local started (its database and SECRET_KEY, which signs keys).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./paths";

export interface Organization {
  organizationId: string;
  apiKey: string;
}

// The code Skyvern's CLI runs (skyvern/cli/doctor.py, _fix_docker_local_auth; there inside the
// server's container, where the app is initialized), printing JSON.
const CREATE_ORGANIZATION = `
import asyncio, json, sys
from skyvern.forge import app
from skyvern.forge.forge_app_initializer import start_forge_app
from skyvern.forge.sdk.services.org_auth_token_service import create_org_api_token

start_forge_app()

async def main():
    org = await app.DATABASE.organizations.create_organization(sys.argv[1])
    token = await create_org_api_token(org.organization_id)
    print(json.dumps({"organizationId": org.organization_id, "apiKey": token.token}))

asyncio.run(main())
`;

// One more API key of an existing organization, as `skyvern doctor` mints one; earlier keys stay valid.
const CREATE_API_KEY = `
import asyncio, json, sys
from skyvern.forge.forge_app_initializer import start_forge_app
from skyvern.forge.sdk.services.org_auth_token_service import create_org_api_token

start_forge_app()

async def main():
    token = await create_org_api_token(sys.argv[1])
    print(json.dumps({"organizationId": sys.argv[1], "apiKey": token.token}))

asyncio.run(main())
`;

/** Creates an organization named `name` on the run's local server and returns its id and API key. */
export function createOrganization(name: string): Organization {
  return runInServerEnvironment(CREATE_ORGANIZATION, name);
}

/** A new API key of an existing organization (key rotation): the old key keeps working. */
export function createApiKey(organizationId: string): Organization {
  return runInServerEnvironment(CREATE_API_KEY, organizationId);
}

function runInServerEnvironment(script: string, argument: string): Organization {
  const home = process.env.SKYVERN_LOCAL_HOME;
  if (!home) throw new Error("SKYVERN_LOCAL_HOME is not set: a second organization needs the run's own local server");
  const instance = readFileSync(path.join(home, "instance.env"), "utf8");
  const pid = /^SKYVERN_PID=(\d+)$/m.exec(instance)?.[1];
  const dataDir = /^SKYVERN_DATA_DIR=(.*)$/m.exec(instance)?.[1];
  if (!pid || !dataDir) throw new Error(`no SKYVERN_PID or SKYVERN_DATA_DIR in ${home}/instance.env`);
  // The server's environment as it was started (database, vault, SECRET_KEY): the same process's own file.
  const serverEnv = Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean).map((entry) => {
      const at = entry.indexOf("=");
      return [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
  const venv = execFileSync("bash", [path.join(PROJECT_ROOT, "scripts", "install-skyvern.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  const output = execFileSync(path.join(venv, "bin", "python"), ["-c", script, argument], {
    cwd: dataDir, env: { ...serverEnv, LOG_LEVEL: "ERROR" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
  });
  const last = output.trim().split("\n").pop() ?? "";
  const created = JSON.parse(last) as Organization;
  if (!/^o_\w+$/.test(created.organizationId) || !created.apiKey) throw new Error("creating an organization or key printed no id or key");
  return created;
}
