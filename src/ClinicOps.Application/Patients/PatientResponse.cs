using System.Linq.Expressions;
using ClinicOps.Domain.Patients;

namespace ClinicOps.Application.Patients;

/// <summary>A registered patient.</summary>
/// <param name="Id">Stable patient id.</param>
/// <param name="SiteId">Site the patient belongs to.</param>
/// <param name="GivenName">Given (first) name.</param>
/// <param name="FamilyName">Family (last) name.</param>
/// <param name="DateOfBirth">Date of birth.</param>
/// <param name="Sex">Sex.</param>
/// <param name="Phone">Phone in E.164 form, or null.</param>
/// <param name="Email">E-mail address, or null.</param>
/// <param name="ExternalMrn">EHR medical record number, or null.</param>
/// <param name="EmergencyContact">Emergency contact, or null.</param>
/// <param name="PreferredContactChannel">Preferred channel for reminders.</param>
/// <param name="CreatedAt">When the patient was registered (UTC, ISO 8601 with offset).</param>
/// <param name="UpdatedAt">When the record last changed (UTC, ISO 8601 with offset).</param>
/// <param name="Version">Record version; the ETag header carries the same value.</param>
public sealed record PatientResponse(
    Guid Id,
    Guid SiteId,
    string GivenName,
    string FamilyName,
    DateOnly DateOfBirth,
    Sex Sex,
    string? Phone,
    string? Email,
    string? ExternalMrn,
    EmergencyContact? EmergencyContact,
    ContactChannel PreferredContactChannel,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    internal static readonly Expression<Func<Patient, PatientResponse>> Projection = p => new PatientResponse(
        p.Id,
        p.SiteId,
        p.GivenName,
        p.FamilyName,
        p.DateOfBirth,
        p.Sex,
        p.Phone,
        p.Email,
        p.ExternalMrn,
        p.EmergencyContact,
        p.PreferredContactChannel,
        p.CreatedAt,
        p.UpdatedAt,
        p.Version);

    private static readonly Func<Patient, PatientResponse> FromEntityCompiled = Projection.Compile();

    internal static PatientResponse From(Patient patient) => FromEntityCompiled(patient);
}
