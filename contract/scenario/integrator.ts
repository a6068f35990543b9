// An integrator's scenario, written only against the client generated from docs/openapi/v1.json:
// register a patient, screen them, a clinician reviews the screening, read the patient's screening history.
// CI type-checks it (tsc --noEmit); a contract change that breaks integrators breaks this file.
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/clinicops";

type ScreeningAnswers = components["schemas"]["ScreeningAnswers"];
type ScreeningResponse = components["schemas"]["ScreeningResponse"];

export interface Tokens {
  frontDesk: string;
  nurse: string;
  clinician: string;
}

export async function run(baseUrl: string, siteId: string, tokens: Tokens): Promise<ScreeningResponse[]> {
  const as = (token: string) => createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

  // One Idempotency-Key per registration, reused on every retry, so a retry never registers the patient twice.
  const registered = await as(tokens.frontDesk).POST("/api/v1/patients", {
    params: { header: { "Idempotency-Key": `register-avery-quinn-${siteId}` } },
    body: {
      siteId,
      givenName: "Avery",
      familyName: "Quinn",
      dateOfBirth: "1984-03-17",
      sex: "Female",
      phone: "+15551234567",
      preferredContactChannel: "Sms",
    },
  });
  if (!registered.data) throw new Error(`registerPatient: ${registered.response.status} ${JSON.stringify(registered.error)}`);
  const patientId: string = registered.data.id;
  const etag: string | null = registered.response.headers.get("ETag");

  const read = await as(tokens.frontDesk).GET("/api/v1/patients/{id}", {
    params: { path: { id: patientId }, header: { "If-None-Match": etag ?? undefined } },
  });
  if (read.response.status !== 304 && read.response.status !== 200) throw new Error(`getPatient: ${read.response.status}`);

  const answers: ScreeningAnswers = {
    screenedOn: new Date(Date.now() - 36 * 3600 * 1000).toISOString().slice(0, 10), // yesterday at any site
    intendedTreatment: "Esketamine",
    indication: "TreatmentResistantDepression",
    takingOralAntidepressant: true,
    diagnosis: "MajorDepressiveDisorder",
    episodeDurationWeeks: 60,
    antidepressantTrials: [
      { drugName: "sertraline", drugClass: "Ssri", adequateDose: true, durationWeeks: 8, takenAsPrescribed: true, improvementPercent: 10 },
      { drugName: "venlafaxine", drugClass: "Snri", adequateDose: true, durationWeeks: 8, takenAsPrescribed: true, improvementPercent: 15 },
    ],
    psychotherapyTried: true,
    conditions: {
      aneurysmalVascularDiseaseOrAvm: false,
      intracerebralHemorrhageHistory: false,
      hypersensitivityToKetamineOrEsketamine: false,
      psychosisOrSchizophrenia: false,
      uncontrolledHypertension: false,
      pregnancy: false,
      breastfeeding: false,
      activeSubstanceUseDisorder: false,
      pastSubstanceUseDisorder: true,
      dementiaOrCognitiveImpairment: false,
      seriousCardiovascularDisease: false,
    },
    medications: ["Benzodiazepine"],
    bloodPressure: { systolic: 128, diastolic: 82 },
    phq9: [2, 2, 2, 2, 2, 2, 1, 1, 0],
    cssrs: { wishToBeDead: false, nonSpecificActiveSuicidalThoughts: false, suicidalBehavior: false },
    transportation: "RideArranged",
  };
  const screened = await as(tokens.nurse).POST("/api/v1/patients/{patientId}/screenings", {
    params: { path: { patientId } },
    body: answers,
  });
  if (!screened.data) throw new Error(`recordScreening: ${screened.response.status} ${JSON.stringify(screened.error)}`);

  if (screened.data.awaitingReview) {
    const reviewed = await as(tokens.clinician).POST("/api/v1/screenings/{id}/review", {
      params: { path: { id: screened.data.id } },
      // An approval accepts each overridable finding by rule id, with its own reason.
      body: {
        decision: "Approved",
        reason: "Reviewed with the patient; cleared for induction.",
        acceptedFindings: screened.data.overridableFindings.map((ruleId: string) => ({
          ruleId,
          reason: ruleId === "MED-BENZODIAZEPINE" ? "Benzodiazepine held on session days." : "Past substance use reviewed with the patient.",
        })),
      },
    });
    if (!reviewed.data) throw new Error(`reviewScreening: ${reviewed.response.status} ${JSON.stringify(reviewed.error)}`);
    const approved: boolean = reviewed.data.clearedForTreatment;
    if (!approved) throw new Error("reviewScreening: an approved screening must clear the patient for treatment");
  }

  const history = await as(tokens.frontDesk).GET("/api/v1/patients/{patientId}/screenings", {
    params: { path: { patientId } },
  });
  if (!history.data) throw new Error(`listPatientScreenings: ${history.response.status}`);
  return history.data;
}

// Live run (optional): node out/scenario/integrator.js <baseUrl> <siteId> <frontDeskToken> <nurseToken> <clinicianToken>
declare const process: { argv: string[]; exitCode?: number };
declare const require: unknown;
declare const module: unknown;
if (typeof require !== "undefined" && (require as { main?: unknown }).main === module) {
  const [baseUrl = "", siteId = "", frontDesk = "", nurse = "", clinician = ""] = process.argv.slice(2);
  run(baseUrl, siteId, { frontDesk, nurse, clinician }).then(
    (history) => console.log(`history: ${history.length} screening(s), newest ${history[0]?.outcome}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
