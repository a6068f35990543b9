namespace ClinicOps.Api.Security;

/// <summary>
/// The one policy matrix: every endpoint requires exactly one of these policies, and each policy names the roles
/// it admits. The README prints this table and a test proves every endpoint enforces it.
/// </summary>
public static class AccessPolicies
{
    /// <summary>List and read sites.</summary>
    public const string SitesRead = "sites:read";

    /// <summary>Create sites.</summary>
    public const string SitesManage = "sites:manage";

    /// <summary>Read and search patients.</summary>
    public const string PatientsRead = "patients:read";

    /// <summary>Register and correct patients.</summary>
    public const string PatientsWrite = "patients:write";

    /// <summary>Read screenings and the review queue.</summary>
    public const string ScreeningsRead = "screenings:read";

    /// <summary>Record intake screenings.</summary>
    public const string ScreeningsWrite = "screenings:write";

    /// <summary>Approve or decline screenings and acknowledge urgent ones (clinician sign-off).</summary>
    public const string ScreeningsReview = "screenings:review";

    /// <summary>Read the protocol catalog.</summary>
    public const string ProtocolsRead = "protocols:read";

    /// <summary>Add and retire protocols.</summary>
    public const string ProtocolsManage = "protocols:manage";

    /// <summary>Read treatment courses and REMS enrollments.</summary>
    public const string CoursesRead = "courses:read";

    /// <summary>Start courses, change their phase and re-evaluate them (clinician).</summary>
    public const string CoursesManage = "courses:manage";

    /// <summary>Record a patient's REMS enrollment.</summary>
    public const string RemsEnroll = "rems:enroll";

    /// <summary>Read appointments, day sheets, free slots and calendar feeds.</summary>
    public const string AppointmentsRead = "appointments:read";

    /// <summary>Plan, book, move, cancel appointments and mark no-shows (front desk).</summary>
    public const string AppointmentsBook = "appointments:book";

    /// <summary>Read treatment sessions: status, readiness, readings and alerts.</summary>
    public const string SessionsRead = "sessions:read";

    /// <summary>Record the treatment day: check-in, dose, vitals, corrections, discharge and early departure.</summary>
    public const string SessionsRecord = "sessions:record";

    /// <summary>Clinician decisions on the treatment day: overrides of pre-dose checks and alert resolutions.</summary>
    public const string SessionsDecide = "sessions:decide";

    /// <summary>Mark REMS monitoring records submitted.</summary>
    public const string RemsSubmit = "rems:submit";

    /// <summary>Export treatment-day records as FHIR R4 (sessions as Bundles, a patient's Observations) for the clinic's EHR.</summary>
    public const string FhirExport = "fhir:export";

    /// <summary>Read a site's live observation board (snapshot, event stream).</summary>
    public const string BoardRead = "board:read";
    /// <summary>Read reminders of patients and sites.</summary>
    public const string RemindersRead = "reminders:read";

    /// <summary>Read a site's event feed (for systems that cannot receive webhooks).</summary>
    public const string EventsRead = "events:read";

    /// <summary>Manage webhook subscriptions and their secrets, see deliveries and retry dead letters.</summary>
    public const string WebhooksManage = "webhooks:manage";

    /// <summary>Read Schedule III stock: lots on hand, expiring lots and ledgers.</summary>
    public const string InventoryRead = "inventory:read";

    /// <summary>Receive stock, record witnessed waste and enter counts.</summary>
    public const string InventoryRecord = "inventory:record";

    /// <summary>Correct the ledger with adjusting entries.</summary>
    public const string InventoryAdjust = "inventory:adjust";

    /// <summary>Read billing codes and superbills derived from session records.</summary>
    public const string BillingRead = "billing:read";

    /// <summary>Record payers' prior authorizations of courses.</summary>
    public const string AuthorizationsManage = "authorizations:manage";

    /// <summary>Override the prior-authorization check for sessions, with a reason.</summary>
    public const string AuthorizationsOverride = "authorizations:override";

    /// <summary>Query the audit trail.</summary>
    public const string AuditRead = "audit:read";

    /// <summary>Policy name → roles admitted.</summary>
    public static readonly IReadOnlyDictionary<string, Role[]> Matrix = new Dictionary<string, Role[]>
    {
        [SitesRead] = [Role.FrontDesk, Role.Nurse, Role.Clinician, Role.ClinicAdmin, Role.Integrator],
        [SitesManage] = [Role.ClinicAdmin],
        [PatientsRead] = [Role.FrontDesk, Role.Nurse, Role.Clinician, Role.ClinicAdmin, Role.Integrator],
        [PatientsWrite] = [Role.FrontDesk, Role.ClinicAdmin],
        [ScreeningsRead] = [Role.FrontDesk, Role.Nurse, Role.Clinician, Role.ClinicAdmin, Role.Integrator],
        [ScreeningsWrite] = [Role.FrontDesk, Role.Nurse, Role.Clinician],
        [ScreeningsReview] = [Role.Clinician],
        [ProtocolsRead] = [Role.FrontDesk, Role.Nurse, Role.Clinician, Role.ClinicAdmin, Role.Integrator],
        [ProtocolsManage] = [Role.ClinicAdmin],
        [CoursesRead] = [Role.FrontDesk, Role.Nurse, Role.Clinician, Role.ClinicAdmin, Role.Integrator],
        [CoursesManage] = [Role.Clinician],
        [RemsEnroll] = [Role.FrontDesk, Role.Clinician, Role.ClinicAdmin],
        [AppointmentsRead] = [Role.FrontDesk, Role.Nurse, Role.Clinician, Role.ClinicAdmin, Role.Integrator],
        [AppointmentsBook] = [Role.FrontDesk, Role.ClinicAdmin],
        [SessionsRead] = [Role.FrontDesk, Role.Nurse, Role.Clinician, Role.ClinicAdmin, Role.Integrator],
        [SessionsRecord] = [Role.Nurse, Role.Clinician],
        [SessionsDecide] = [Role.Clinician],
        [RemsSubmit] = [Role.Nurse, Role.Clinician, Role.ClinicAdmin],
        [FhirExport] = [Role.Clinician, Role.ClinicAdmin, Role.Integrator],
        [BoardRead] = [Role.FrontDesk, Role.Nurse, Role.Clinician, Role.ClinicAdmin],
        [RemindersRead] = [Role.FrontDesk, Role.Nurse, Role.Clinician, Role.ClinicAdmin, Role.Integrator],
        [EventsRead] = [Role.FrontDesk, Role.ClinicAdmin, Role.Integrator],
        [WebhooksManage] = [Role.ClinicAdmin],
        [AuditRead] = [Role.ClinicAdmin],
        [InventoryRead] = [Role.Nurse, Role.Clinician, Role.ClinicAdmin],
        [InventoryRecord] = [Role.Nurse, Role.Clinician, Role.ClinicAdmin],
        [InventoryAdjust] = [Role.ClinicAdmin],
        [BillingRead] = [Role.FrontDesk, Role.ClinicAdmin, Role.Integrator],
        [AuthorizationsManage] = [Role.FrontDesk, Role.ClinicAdmin],
        [AuthorizationsOverride] = [Role.ClinicAdmin],
    };
}
