namespace ClinicOps.Domain.Patients;

/// <summary>Who to call if something goes wrong during or after a treatment session.</summary>
/// <param name="Name">Full name of the contact.</param>
/// <param name="Phone">Phone number in E.164 form, e.g. +15551234567.</param>
/// <param name="Relationship">Relationship to the patient, e.g. "spouse".</param>
public sealed record EmergencyContact(string Name, string Phone, string? Relationship);
