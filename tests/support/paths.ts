import { mkdirSync } from "node:fs";
import path from "node:path";

/** Tests run from dist/tests/...; the project root holds package.json. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");
/** Inside the project so programs and provider processes started there resolve its node_modules. */
export const ARTIFACTS_DIR = path.join(PROJECT_ROOT, ".test-artifacts");
mkdirSync(ARTIFACTS_DIR, { recursive: true });
