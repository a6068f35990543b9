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
        [AuditRead] = [Role.ClinicAdmin],
    };
}
