-- POST /api/v1/patients/{id}/screenings (recordScreening) as FrontDesk: an eligible IV-ketamine screening, rotating
-- over patients without a course; each thread has its own patients, so no two requests screen one patient at once.
local common = dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
setup = common.setup
done = common.done
common.track_statuses()
local ids, i
local body = string.format(
  '{"screenedOn":"%s","intendedTreatment":"IvKetamine","indication":"ClinicProtocol","takingOralAntidepressant":true,'
  .. '"diagnosis":"MajorDepressiveDisorder","episodeDurationWeeks":60,"antidepressantTrials":['
  .. '{"drugName":"sertraline","drugClass":"Ssri","adequateDose":true,"durationWeeks":8,"takenAsPrescribed":true,"improvementPercent":10},'
  .. '{"drugName":"venlafaxine","drugClass":"Snri","adequateDose":true,"durationWeeks":8,"takenAsPrescribed":true,"improvementPercent":10}],'
  .. '"psychotherapyTried":true,"conditions":{"aneurysmalVascularDiseaseOrAvm":false,"intracerebralHemorrhageHistory":false,'
  .. '"hypersensitivityToKetamineOrEsketamine":false,"psychosisOrSchizophrenia":false,"uncontrolledHypertension":false,'
  .. '"pregnancy":false,"breastfeeding":false,"activeSubstanceUseDisorder":false,"pastSubstanceUseDisorder":false,'
  .. '"dementiaOrCognitiveImpairment":false,"seriousCardiovascularDisease":false},"medications":[],'
  .. '"bloodPressure":{"systolic":128,"diastolic":82},"phq9":[2,2,2,2,2,2,2,2,0],'
  .. '"cssrs":{"wishToBeDead":false,"nonSpecificActiveSuicidalThoughts":false,"suicidalBehavior":false},'
  .. '"transportation":"RideArranged"}', os.getenv("BENCH_SCREENED_ON"))

function init(args)
  ids = common.thread_ids(tid, tonumber(os.getenv("BENCH_WRK_THREADS") or "2"))
  i = 0
end

function request()
  i = i % #ids + 1
  local h = common.headers(true)
  h["Idempotency-Key"] = common.idempotency_key(tid)
  return wrk.format("POST", "/api/v1/patients/" .. ids[i] .. "/screenings", h, body)
end
