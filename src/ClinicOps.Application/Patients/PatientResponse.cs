using System.Linq.Expressions;
using ClinicOps.Domain.Patients;

namespace ClinicOps.Application.Patients;

/// <summary>A registered patient.</summary>
/// <param name="Id" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Stable patient id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site the patient belongs to.</param>
/// <param name="GivenName" example="Avery">Given (first) name.</param>
/// <param name="FamilyName" example="Quinn">Family (last) name.</param>
/// <param name="DateOfBirth" example="1984-03-17">Date of birth.</param>
/// <param name="Sex" example="Female">Sex.</param>
/// <param name="Phone" example="+15551234567">Phone in E.164 form, or null.</param>
/// <param name="Email" example="avery.quinn@example.com">E-mail address, or null.</param>
/// <param name="ExternalMrn" example="MRN-004211">EHR medical record number, or null.</param>
/// <param name="EmergencyContact">Emergency contact, or null.</param>
/// <param name="PreferredContactChannel" example="Sms">Preferred channel for reminders.</param>
/// <param name="CreatedAt" example="2026-11-20T15:30:00+00:00">When the patient was registered (UTC, ISO 8601 with offset).</param>
/// <param name="UpdatedAt" example="2026-11-20T15:30:00+00:00">When the record last changed (UTC, ISO 8601 with offset).</param>
/// <param name="Version" example="1">Record version; the ETag header carries the same value.</param>
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
    EmergencyContactResponse? EmergencyContact,
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
        p.EmergencyContact == null
            ? null
            : new EmergencyContactResponse(p.EmergencyContact.Name, p.EmergencyContact.Phone, p.EmergencyContact.Relationship),
        p.PreferredContactChannel,
        p.CreatedAt,
        p.UpdatedAt,
        p.Version);

    private static readonly Func<Patient, PatientResponse> FromEntityCompiled = Projection.Compile();

    internal static PatientResponse From(Patient patient) => FromEntityCompiled(patient);
}

/// <summary>Who to call if something goes wrong during or after a treatment session.</summary>
/// <param name="Name" example="Jordan Quinn">Full name of the contact.</param>
/// <param name="Phone" example="+15557654321">Phone in E.164 form.</param>
/// <param name="Relationship" example="spouse">Relationship to the patient, or null.</param>
public sealed record EmergencyContactResponse(string Name, string Phone, string? Relationship);
