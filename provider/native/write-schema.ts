/**
 * `npm run schema`: writes the package schema to schema.json, the input of the Python SDK's code
 * generation. A test compares the committed file with packageSchema(), so the two cannot drift.
 */
import { writeFileSync } from "node:fs";
import { packageSchema } from "./schema";

export function schemaJson(): string {
  return `${JSON.stringify(packageSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const target = process.argv[2] ?? "schema.json";
  writeFileSync(target, schemaJson());
  console.log(`wrote ${target}`);
}
