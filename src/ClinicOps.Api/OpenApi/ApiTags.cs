namespace ClinicOps.Api.OpenApi;

/// <summary>
/// The tags of the contract, each with the description integrators read in the document. An endpoint may only use
/// a tag listed here (<see cref="OperationConventionGuard"/> refuses to start otherwise).
/// </summary>
internal static class ApiTags
{
    public const string Sites = "Sites";
    public const string Patients = "Patients";
    public const string Screenings = "Screenings";
    public const string Protocols = "Protocols";
    public const string Chairs = "Chairs";
    public const string Courses = "Courses";
    public const string Appointments = "Appointments";
    public const string TreatmentDay = "TreatmentDay";
    public const string Reminders = "Reminders";
    public const string Events = "Events";
    public const string Audit = "Audit";
    public const string Fhir = "Fhir";
    public const string ObservationBoard = "ObservationBoard";
    public const string Inventory = "Inventory";
    public const string Billing = "Billing";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [Sites] = "Clinic sites (locations). A token's `site` claims decide which sites, and which sites' records, the caller sees.",
        [Patients] = "Patient registration and demographics (front desk). Updates are full replacements guarded by ETags.",
        [Screenings] = "Intake screening: the eligibility engine's explained verdicts, the clinicians' review queue and their decisions.",
        [Protocols] = "The treatment protocol catalog: spacing, doses per phase, session length and the maintenance cap. Retired protocols are kept.",
        [Chairs] = "Named observation chairs of a site. A dosing session holds its chair for the protocol's whole session length.",
        [Courses] = "Treatment courses (Induction, Reassessment, Maintenance, Completed or Stopped), clinician re-evaluations and REMS enrollment.",
        [Appointments] = "Planning and booking dosing series and follow-ups, day sheets, free slots and calendar feeds. Times carry the site's time zone.",
        [TreatmentDay] = "The treatment day: check-in and pre-dose checks, dosing, vitals from tablets (idempotent, with offline batches), alerts, discharge readiness and discharge.",
        [Fhir] = "FHIR R4 export of the treatment day for the clinic's EHR (`application/fhir+json`): a session as a Bundle, a patient's Observations with `_since` paging. Resource ids are stable.",
        [ObservationBoard] = "The nurse station's live board of a site's chairs: a snapshot, and a server-sent event stream that resumes with `Last-Event-ID`.",
        [Reminders] = "Follow-up reminders for patients and staff, created, moved and cancelled with the changes that cause them, and each site's reminder offsets.",
        [Events] = "Domain events: webhook subscriptions (Standard Webhooks signatures), deliveries and their dead letters, and the pull feed.",
        [Inventory] = "Schedule III stock of esketamine devices and ketamine vials: receipts, draws by doses, witnessed waste, counts reconciled with the append-only ledger, and adjusting entries.",
        [Billing] = "Billing codes derived from session records (never typed), from a code table with effective dates, and superbills as JSON or CSV. ClinicOps computes; it never submits claims.",
        [Audit] = "The append-only audit trail of the caller's sites (ids only, no PHI).",
    };
}
