using ClinicOps.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.RemsEnrollments;

/// <summary>Reads a patient's REMS enrollment.</summary>
/// <param name="PatientId">Patient id.</param>
public sealed record GetRemsEnrollment(Guid PatientId) : IRequest<RemsEnrollmentResponse>;

/// <summary>Handles <see cref="GetRemsEnrollment"/>.</summary>
public sealed class GetRemsEnrollmentHandler(IClinicOpsDbContext db, IAuditTrail audit) : IRequestHandler<GetRemsEnrollment, RemsEnrollmentResponse>
{
    /// <inheritdoc />
    public async Task<RemsEnrollmentResponse> Handle(GetRemsEnrollment request, CancellationToken cancellationToken)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == request.PatientId, cancellationToken))
        {
            throw new NotFoundException("Patient", request.PatientId);
        }

        var enrollment = await db.RemsEnrollments.AsNoTracking()
            .Where(e => e.PatientId == request.PatientId)
            .Select(RemsEnrollmentResponse.Projection)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("RemsEnrollment", request.PatientId);
        await audit.RecordReadsAsync([enrollment.AuditTarget], cancellationToken);
        return enrollment;
    }
}
