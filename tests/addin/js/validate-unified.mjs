// Validates a unified manifest (manifest.json) against Microsoft's published JSON
// schema for its manifestVersion (shipped offline in @microsoft/app-manifest).
// Usage: node validate-unified.mjs manifest.json  -> exit 0, or 1 with the errors.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(process.argv[2], "utf8"));
const schemaPath = require.resolve(
  `@microsoft/app-manifest/build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
if (validate(manifest)) {
  console.log(`valid against MicrosoftTeams.schema.json v${manifest.manifestVersion}`);
} else {
  for (const e of validate.errors) console.error(`${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  process.exit(1);
}
