using ClinicOps.Application.Common;
using ClinicOps.Domain.Patients;
using FluentValidation;

namespace ClinicOps.Application.Patients;

/// <summary>
/// A patient's demographic and contact details as sent by the front desk. Used for registration and for full
/// replacement on update: an absent or null optional field means "no value", never "leave unchanged".
/// </summary>
public record PatientInput
{
    /// <summary>Given (first) name, 1-100 characters.</summary>
    /// <example>Avery</example>
    public string? GivenName { get; init; }

    /// <summary>Family (last) name, 1-100 characters.</summary>
    /// <example>Quinn</example>
    public string? FamilyName { get; init; }

    /// <summary>Date of birth (ISO 8601 date); not in the future, not more than 120 years ago.</summary>
    /// <example>1984-03-17</example>
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>Sex as recorded on the REMS Patient Monitoring Form.</summary>
    /// <example>Female</example>
    public Sex? Sex { get; init; }

    /// <summary>Phone in E.164 form. Required when the preferred channel is Sms or Phone.</summary>
    /// <example>+15551234567</example>
    public string? Phone { get; init; }

    /// <summary>E-mail address. Required when the preferred channel is Email.</summary>
    /// <example>avery.quinn@example.com</example>
    public string? Email { get; init; }

    /// <summary>Medical record number in the clinic's EHR (up to 64 characters); unique within a site.</summary>
    /// <example>MRN-004211</example>
    public string? ExternalMrn { get; init; }

    /// <summary>Emergency contact; optional.</summary>
    public EmergencyContactInput? EmergencyContact { get; init; }

    /// <summary>Preferred channel for reminders.</summary>
    /// <example>Sms</example>
    public ContactChannel? PreferredContactChannel { get; init; }

    internal PatientDetails ToDetails() => new()
    {
        GivenName = GivenName!.Trim(),
        FamilyName = FamilyName!.Trim(),
        DateOfBirth = DateOfBirth!.Value,
        Sex = Sex!.Value,
        Phone = Phone,
        Email = Email?.Trim(),
        ExternalMrn = string.IsNullOrWhiteSpace(ExternalMrn) ? null : ExternalMrn.Trim(),
        EmergencyContact = EmergencyContact is null
            ? null
            : new EmergencyContact(EmergencyContact.Name!.Trim(), EmergencyContact.Phone!, EmergencyContact.Relationship?.Trim()),
        PreferredContactChannel = PreferredContactChannel!.Value,
    };
}

/// <summary>An emergency contact as sent by the front desk.</summary>
public sealed record EmergencyContactInput
{
    /// <summary>Full name, 1-200 characters.</summary>
    /// <example>Jordan Quinn</example>
    public string? Name { get; init; }

    /// <summary>Phone in E.164 form.</summary>
    /// <example>+15557654321</example>
    public string? Phone { get; init; }

    /// <summary>Relationship to the patient, up to 50 characters.</summary>
    /// <example>spouse</example>
    public string? Relationship { get; init; }
}

/// <summary>Field rules shared by registration and update.</summary>
public sealed class PatientInputValidator : AbstractValidator<PatientInput>
{
    /// <summary>Creates the validator; the clock decides what "in the future" means.</summary>
    public PatientInputValidator(TimeProvider clock)
    {
        RuleFor(p => p.GivenName).NotEmpty().MaximumLength(100);
        RuleFor(p => p.FamilyName).NotEmpty().MaximumLength(100);
        RuleFor(p => p.DateOfBirth)
            .NotNull()
            .Must(dob => DateOfBirthRule.IsPlausible(dob!.Value, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)))
            .When(p => p.DateOfBirth is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"'{{PropertyName}}' must not be in the future or more than {DateOfBirthRule.MaximumAgeYears} years ago.");
        RuleFor(p => p.Sex).NotNull();
        RuleFor(p => p.PreferredContactChannel).NotNull();
        RuleFor(p => p.Phone).PhoneNumberE164();
        RuleFor(p => p.Phone).NotEmpty()
            .When(p => p.PreferredContactChannel is ContactChannel.Sms or ContactChannel.Phone)
            .WithMessage("'{PropertyName}' is required when the preferred contact channel is Sms or Phone.");
        RuleFor(p => p.Email).EmailAddress().MaximumLength(254);
        RuleFor(p => p.Email).NotEmpty()
            .When(p => p.PreferredContactChannel is ContactChannel.Email)
            .WithMessage("'{PropertyName}' is required when the preferred contact channel is Email.");
        RuleFor(p => p.ExternalMrn).MaximumLength(64);
        RuleFor(p => p.EmergencyContact!).ChildRules(contact =>
        {
            contact.RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            contact.RuleFor(c => c.Phone).NotEmpty().PhoneNumberE164();
            contact.RuleFor(c => c.Relationship).MaximumLength(50);
        }).When(p => p.EmergencyContact is not null);
    }
}
