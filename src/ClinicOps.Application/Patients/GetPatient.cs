using ClinicOps.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Patients;

/// <summary>Reads one patient of the caller's sites.</summary>
/// <param name="Id">Patient id.</param>
public sealed record GetPatient(Guid Id) : IRequest<Versioned<PatientResponse>>;

/// <summary>Handles <see cref="GetPatient"/>.</summary>
public sealed class GetPatientHandler(IClinicOpsDbContext db, IAuditTrail audit) : IRequestHandler<GetPatient, Versioned<PatientResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<PatientResponse>> Handle(GetPatient request, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.AsNoTracking()
            .Where(p => p.Id == request.Id)
            .Select(PatientResponse.Projection)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Patient", request.Id);
        await audit.RecordReadsAsync([PatientAudit.Target(patient)], cancellationToken);
        return new Versioned<PatientResponse>(patient, patient.Version);
    }
}
