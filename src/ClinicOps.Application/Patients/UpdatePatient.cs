using ClinicOps.Application.Common;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Patients;

/// <summary>Replaces a patient's details, provided nobody changed them since the caller read them.</summary>
/// <param name="Id">Patient id.</param>
/// <param name="ExpectedVersion">Version from the caller's <c>If-Match</c>; null for <c>If-Match: *</c>.</param>
/// <param name="Details">The new details (full replacement).</param>
public sealed record UpdatePatient(Guid Id, int? ExpectedVersion, PatientInput Details) : IRequest<Versioned<PatientResponse>>;

/// <summary>Rules for <see cref="UpdatePatient"/>.</summary>
public sealed class UpdatePatientValidator : AbstractValidator<UpdatePatient>
{
    /// <summary>Creates the validator.</summary>
    public UpdatePatientValidator(TimeProvider clock)
    {
        // Field errors are reported as the body's own fields (givenName, not details.givenName).
        RuleFor(u => u.Details).SetValidator(new PatientInputValidator(clock)).OverridePropertyName(string.Empty);
    }
}

/// <summary>Handles <see cref="UpdatePatient"/>.</summary>
public sealed class UpdatePatientHandler(IClinicOpsDbContext db) : IRequestHandler<UpdatePatient, Versioned<PatientResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<PatientResponse>> Handle(UpdatePatient request, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.SingleOrDefaultAsync(p => p.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException("Patient", request.Id);
        if (request.ExpectedVersion is { } expected && expected != patient.Version)
        {
            throw new PreconditionFailedException("Patient", patient.Version);
        }

        var details = request.Details.ToDetails();
        await PatientMrn.EnsureUniqueAsync(db, patient.SiteId, details.ExternalMrn, patient.Id, cancellationToken);
        patient.Apply(details);
        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<PatientResponse>(PatientResponse.From(patient), patient.Version);
    }
}
