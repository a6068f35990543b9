using System.Globalization;
using System.Text.Json.Nodes;
using ClinicOps.Domain.Patients;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.TreatmentDay;

namespace ClinicOps.Application.Fhir;

/// <summary>A FHIR R4 resource as exported, with the instant it last changed (for <c>_since</c>).</summary>
/// <param name="Id">The stable resource id.</param>
/// <param name="LastUpdated">When the data behind it last changed (server time).</param>
/// <param name="Json">The resource.</param>
public sealed record FhirResource(string Id, DateTimeOffset LastUpdated, JsonObject Json);

/// <summary>
/// Writes ClinicOps records as FHIR R4 JSON (the Firely SDK does not restore here, and the mapping is small). Every id
/// is derived from ClinicOps ids, never generated, so exporting the same record again yields the same resource and a
/// receiving EHR updates it instead of adding a duplicate. A corrected reading keeps the id of the reading it corrects
/// (status <c>corrected</c>, or <c>entered-in-error</c> when the correction dropped the measurement): the correction is
/// an addendum here, and a new version of the same Observation downstream. Codes: docs/shared DOMAIN.md "Codes for
/// interoperability"; profiles: the HL7 FHIR R4 vital-signs profiles.
/// </summary>
public static class FhirResources
{
    /// <summary>The media type of FHIR JSON.</summary>
    public const string MediaType = "application/fhir+json";

    /// <summary>Identifier system of ClinicOps patient ids.</summary>
    public const string PatientIdSystem = "https://clinicops.app/fhir/sid/patient-id";

    /// <summary>Identifier system of ClinicOps staff (token subjects), for performers.</summary>
    public const string StaffSystem = "https://clinicops.app/fhir/sid/staff-subject";

    /// <summary>Identifier system of ClinicOps treatment sessions.</summary>
    public const string SessionSystem = "https://clinicops.app/fhir/sid/treatment-session";

    private const string Loinc = "http://loinc.org";
    private const string Ucum = "http://unitsofmeasure.org";
    private const string Snomed = "http://snomed.info/sct";
    private const string CategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";
    private const string ProfileBase = "http://hl7.org/fhir/StructureDefinition/";

    /// <summary>The four vital signs ClinicOps records, as the vital-signs profiles code them.</summary>
    private static readonly VitalKind[] Vitals =
    [
        new("bp", "bp", [("85354-9", "Blood pressure panel with all children optional")], "Blood pressure", r => r.HasBloodPressure, null),
        new("hr", "heartrate", [("8867-4", "Heart rate")], "Heart rate", r => r.HeartRate is not null, r => Quantity(r.HeartRate!.Value, "beats/minute", "/min")),
        new("rr", "resprate", [("9279-1", "Respiratory rate")], "Respiratory rate", r => r.RespiratoryRate is not null,
            r => Quantity(r.RespiratoryRate!.Value, "breaths/minute", "/min")),

        // US Core pulse oximetry needs both codes; the base oxygensat profile needs 2708-6.
        new("spo2", "oxygensat", [("2708-6", "Oxygen saturation in Arterial blood"), ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry")],
            "Oxygen saturation by pulse oximetry", r => r.SpO2 is not null, r => Quantity(r.SpO2!.Value, "%", "%")),
    ];

    /// <summary>The FHIR id of a patient.</summary>
    public static string PatientId(Guid patientId) => patientId.ToString("D");

    /// <summary>The Patient resource.</summary>
    public static FhirResource Patient(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var identifiers = new JsonArray(new JsonObject { ["use"] = "official", ["system"] = PatientIdSystem, ["value"] = PatientId(patient.Id) });
        if (patient.ExternalMrn is { } mrn)
        {
            identifiers.Add(new JsonObject
            {
                ["use"] = "usual",
                ["type"] = Concept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number"),
                ["value"] = mrn,
            });
        }

        var json = new JsonObject
        {
            ["resourceType"] = "Patient",
            ["id"] = PatientId(patient.Id),
            ["meta"] = new JsonObject { ["lastUpdated"] = Instant(patient.UpdatedAt) },
            ["identifier"] = identifiers,
            ["name"] = new JsonArray(new JsonObject { ["use"] = "official", ["family"] = patient.FamilyName, ["given"] = new JsonArray(patient.GivenName) }),
            ["gender"] = patient.Sex switch { Sex.Female => "female", Sex.Male => "male", Sex.Other => "other", _ => "unknown" },
            ["birthDate"] = patient.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return new FhirResource(PatientId(patient.Id), patient.UpdatedAt, json);
    }

    /// <summary>
    /// The vital-signs Observations of a session's readings: blood pressure (panel with systolic and diastolic
    /// components), heart rate, respiratory rate and SpO2, one Observation per measurement and reading. Sedation
    /// (MOAA/S) and dissociation have no vital-signs code and are not exported.
    /// </summary>
    public static IEnumerable<FhirResource> VitalSignObservations(IReadOnlyList<VitalsReading> allReadings)
    {
        ArgumentNullException.ThrowIfNull(allReadings);
        var byId = allReadings.ToDictionary(r => r.Id);
        var correctedBy = allReadings.Where(r => r.CorrectsId is not null).ToDictionary(r => r.CorrectsId!.Value);
        foreach (var root in allReadings.Where(r => r.CorrectsId is null || !byId.ContainsKey(r.CorrectsId.Value)).OrderBy(r => r.MeasuredAt).ThenBy(r => r.Id))
        {
            var chain = new List<VitalsReading> { root };
            while (correctedBy.TryGetValue(chain[^1].Id, out var next))
            {
                chain.Add(next);
            }

            var standing = chain[^1];
            foreach (var kind in Vitals)
            {
                var source = kind.Present(standing.Vitals) ? standing : chain.LastOrDefault(r => kind.Present(r.Vitals));
                if (source is null)
                {
                    continue;
                }

                var status = source != standing ? "entered-in-error"
                    : chain.Count > 1 && (!kind.Present(root.Vitals) || Describe(kind, root) != Describe(kind, standing) || root.MeasuredAt != standing.MeasuredAt)
                        ? "corrected"
                        : "final";
                yield return VitalSign(kind, $"{root.Id:D}-{kind.Suffix}", source, standing, status);
            }
        }
    }

    /// <summary>The PHQ-9 total taken at check-in (LOINC 44261-6), or nothing when none was taken.</summary>
    public static FhirResource? Phq9Total(TreatmentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Phq9Total is not { } total)
        {
            return null;
        }

        var id = $"{session.Id:D}-phq9";
        var json = new JsonObject
        {
            ["resourceType"] = "Observation",
            ["id"] = id,
            ["meta"] = new JsonObject { ["lastUpdated"] = Instant(session.CheckInReceivedAt) },
            ["identifier"] = Identifiers(SessionSystem, $"{session.Id:D}/phq9"),
            ["status"] = "final",
            ["category"] = new JsonArray(Concept(CategorySystem, "survey", "Survey")),
            ["code"] = Concept(Loinc, "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
            ["subject"] = PatientReference(session.PatientId),
            ["effectiveDateTime"] = Instant(session.CheckedInAt),
            ["issued"] = Instant(session.CheckInReceivedAt),
            ["performer"] = new JsonArray(Staff(session.CreatedBy)),
            ["valueQuantity"] = Quantity(total, "{score}", "{score}"),
            ["interpretation"] = new JsonArray(new JsonObject { ["text"] = Phq9.Score([.. session.CheckIn.Phq9Answers!]).Severity.ToString() }),
        };
        return new FhirResource(id, session.CheckInReceivedAt, json);
    }

    /// <summary>
    /// The dose as MedicationAdministrations: one per esketamine device (each with its lot number on the contained
    /// Medication's batch), or one for the IV infusion (in progress until it ends).
    /// </summary>
    public static IEnumerable<FhirResource> Administrations(TreatmentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Dose is not { } dose)
        {
            yield break;
        }

        if (session.Treatment == IntendedTreatment.Esketamine)
        {
            for (var i = 0; i < dose.Devices.Count; i++)
            {
                var device = dose.Devices[i];
                var id = $"{session.Id:D}-device-{i + 1}";
                var medication = new JsonObject
                {
                    ["resourceType"] = "Medication",
                    ["id"] = "device",
                    ["code"] = new JsonObject { ["text"] = "Esketamine 28 mg nasal spray device (Spravato)" },
                    ["batch"] = new JsonObject { ["lotNumber"] = device.LotNumber },
                };
                var json = Administration(session, id, medication, "completed", device.ReceivedAt);
                json["effectiveDateTime"] = Instant(device.AdministeredAt);
                json["dosage"] = new JsonObject
                {
                    ["text"] = $"Device {i + 1} of {dose.Devices.Count} ({dose.DoseMg} mg in all), self-administered intranasally under supervision",
                    ["route"] = Concept(Snomed, "46713006", "Nasal route"),
                    ["dose"] = Quantity(28, "mg", "mg"),
                };
                yield return new FhirResource(id, device.ReceivedAt, json);
            }

            yield break;
        }

        var infusionId = $"{session.Id:D}-infusion";
        var ketamine = new JsonObject
        {
            ["resourceType"] = "Medication",
            ["id"] = "infusion",
            ["code"] = new JsonObject { ["text"] = "Ketamine hydrochloride, intravenous infusion" },
        };
        var lastUpdated = session.Dose.InfusionEndedAt is null ? dose.RecordedAt : session.UpdatedAt;
        var infusion = Administration(session, infusionId, ketamine, dose.InfusionEndedAt is null ? "in-progress" : "completed", lastUpdated);
        var period = new JsonObject { ["start"] = Instant(dose.InfusionStartedAt!.Value) };
        if (dose.InfusionEndedAt is { } end)
        {
            period["end"] = Instant(end);
        }

        infusion["effectivePeriod"] = period;
        infusion["dosage"] = new JsonObject
        {
            ["text"] = string.Create(CultureInfo.InvariantCulture, $"{dose.MgPerKg} mg/kg for {dose.WeightKg} kg, intravenous infusion"),
            ["route"] = Concept(Snomed, "47625008", "Intravenous route"),
            ["dose"] = Quantity(dose.DoseMg, "mg", "mg"),
        };
        yield return new FhirResource(infusionId, lastUpdated, infusion);
    }

    /// <summary>A FHIR instant (UTC, second precision or finer).</summary>
    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static FhirResource VitalSign(VitalKind kind, string id, VitalsReading source, VitalsReading standing, string status)
    {
        var vitals = source.Vitals;
        var json = new JsonObject
        {
            ["resourceType"] = "Observation",
            ["id"] = id,
            ["meta"] = new JsonObject
            {
                ["lastUpdated"] = Instant(standing.ReceivedAt),
                ["profile"] = new JsonArray(ProfileBase + "vitalsigns", ProfileBase + kind.Profile),
            },
            ["identifier"] = Identifiers(SessionSystem, $"{source.SessionId:D}/{id}"),
            ["status"] = status,
            ["category"] = new JsonArray(Concept(CategorySystem, "vital-signs", "Vital Signs")),
            ["code"] = new JsonObject
            {
                ["coding"] = new JsonArray([.. kind.Codes.Select(c => (JsonNode)new JsonObject { ["system"] = Loinc, ["code"] = c.Code, ["display"] = c.Display })]),
                ["text"] = kind.Text,
            },
            ["subject"] = PatientReference(source.PatientId),
            ["effectiveDateTime"] = Instant(source.MeasuredAt),
            ["issued"] = Instant(source.ReceivedAt),
            ["performer"] = new JsonArray(Staff(source.CreatedBy)),
        };
        if (kind.Value is { } value)
        {
            json["valueQuantity"] = value(vitals);
        }
        else
        {
            json["component"] = new JsonArray(
                new JsonObject { ["code"] = Concept(Loinc, "8480-6", "Systolic blood pressure"), ["valueQuantity"] = Quantity(vitals.Systolic!.Value, "mmHg", "mm[Hg]") },
                new JsonObject { ["code"] = Concept(Loinc, "8462-4", "Diastolic blood pressure"), ["valueQuantity"] = Quantity(vitals.Diastolic!.Value, "mmHg", "mm[Hg]") });
        }

        if (status == "entered-in-error")
        {
            json["note"] = new JsonArray(new JsonObject { ["text"] = $"The reading was corrected without this measurement: {standing.CorrectionReason}" });
        }
        else if (status == "corrected")
        {
            json["note"] = new JsonArray(new JsonObject { ["text"] = $"Corrected: {standing.CorrectionReason}" });
        }

        return new FhirResource(id, standing.ReceivedAt, json);
    }

    private static string Describe(VitalKind kind, VitalsReading reading) =>
        kind.Value is { } value ? value(reading.Vitals).ToJsonString() : $"{reading.Systolic}/{reading.Diastolic}";

    private static JsonObject Administration(TreatmentSession session, string id, JsonObject medication, string status, DateTimeOffset lastUpdated) => new()
    {
        ["resourceType"] = "MedicationAdministration",
        ["id"] = id,
        ["meta"] = new JsonObject { ["lastUpdated"] = Instant(lastUpdated) },
        ["contained"] = new JsonArray(medication),
        ["identifier"] = Identifiers(SessionSystem, $"{session.Id:D}/{id}"),
        ["status"] = status,
        ["medicationReference"] = new JsonObject { ["reference"] = $"#{medication["id"]!.GetValue<string>()}" },
        ["subject"] = PatientReference(session.PatientId),
        ["performer"] = new JsonArray(new JsonObject { ["actor"] = Staff(session.Dose!.AdministeredBy) }),
    };

    private static JsonArray Identifiers(string system, string value) => new(new JsonObject { ["system"] = system, ["value"] = value });

    private static JsonObject PatientReference(Guid patientId) => new() { ["reference"] = $"Patient/{PatientId(patientId)}" };

    /// <summary>Staff are token subjects, not FHIR resources here: a logical reference by identifier.</summary>
    private static JsonObject Staff(string subject) => new()
    {
        ["type"] = "Practitioner",
        ["identifier"] = new JsonObject { ["system"] = StaffSystem, ["value"] = string.IsNullOrEmpty(subject) ? "unknown" : subject },
    };

    private static JsonObject Concept(string system, string code, string display) => new()
    {
        ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code, ["display"] = display }),
        ["text"] = display,
    };

    private static JsonObject Quantity(decimal value, string unit, string code) => new()
    {
        ["value"] = value,
        ["unit"] = unit,
        ["system"] = Ucum,
        ["code"] = code,
    };

    private sealed record VitalKind(
        string Suffix, string Profile, (string Code, string Display)[] Codes, string Text, Func<VitalSigns, bool> Present, Func<VitalSigns, JsonObject>? Value);
}
