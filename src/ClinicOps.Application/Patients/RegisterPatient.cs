using ClinicOps.Application.Common;
using ClinicOps.Domain.Patients;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Patients;

/// <summary>Registers a new patient at one of the caller's sites.</summary>
public sealed record RegisterPatient : PatientInput, IRequest<Versioned<PatientResponse>>
{
    /// <summary>Site the patient is registered at; must be one of the caller's sites.</summary>
    public Guid? SiteId { get; init; }
}

/// <summary>Rules for <see cref="RegisterPatient"/>.</summary>
public sealed class RegisterPatientValidator : AbstractValidator<RegisterPatient>
{
    /// <summary>Creates the validator.</summary>
    public RegisterPatientValidator(TimeProvider clock)
    {
        RuleFor(r => r.SiteId).NotEmpty();
        Include(new PatientInputValidator(clock));
    }
}

/// <summary>Handles <see cref="RegisterPatient"/>.</summary>
public sealed class RegisterPatientHandler(IClinicOpsDbContext db, ICurrentUser user)
    : IRequestHandler<RegisterPatient, Versioned<PatientResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<PatientResponse>> Handle(RegisterPatient request, CancellationToken cancellationToken)
    {
        var siteId = request.SiteId!.Value;
        if (!user.SiteIds.Contains(siteId) || !await db.Sites.AnyAsync(s => s.Id == siteId, cancellationToken))
        {
            throw new NotFoundException("Site", siteId);
        }

        var details = request.ToDetails();
        await PatientMrn.EnsureUniqueAsync(db, siteId, details.ExternalMrn, exceptPatientId: null, cancellationToken);

        var patient = new Patient(siteId, details);
        db.Patients.Add(patient);
        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<PatientResponse>(PatientResponse.From(patient), patient.Version);
    }
}
