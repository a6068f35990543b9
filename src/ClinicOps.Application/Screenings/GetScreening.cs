using ClinicOps.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Screenings;

/// <summary>Reads one screening with its rules and answers.</summary>
/// <param name="Id">Screening id.</param>
public sealed record GetScreening(Guid Id) : IRequest<ScreeningResponse>;

/// <summary>Handles <see cref="GetScreening"/>.</summary>
public sealed class GetScreeningHandler(IClinicOpsDbContext db, IAuditTrail audit) : IRequestHandler<GetScreening, ScreeningResponse>
{
    /// <inheritdoc />
    public async Task<ScreeningResponse> Handle(GetScreening request, CancellationToken cancellationToken)
    {
        var found = await db.Screenings.AsNoTracking()
            .Where(s => s.Id == request.Id)
            .Select(s => new { Screening = s, IsCurrent = !db.Screenings.Any(newer => newer.SupersedesId == s.Id) })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Screening", request.Id);
        var response = ScreeningResponse.From(found.Screening, found.IsCurrent);
        await audit.RecordReadsAsync([response.AuditTarget], cancellationToken);
        return response;
    }
}

/// <summary>The screening history of a patient, newest first (corrections keep the earlier screenings).</summary>
/// <param name="PatientId">Patient id.</param>
public sealed record ListPatientScreenings(Guid PatientId) : IRequest<IReadOnlyList<ScreeningResponse>>;

/// <summary>Handles <see cref="ListPatientScreenings"/>.</summary>
public sealed class ListPatientScreeningsHandler(IClinicOpsDbContext db, IAuditTrail audit)
    : IRequestHandler<ListPatientScreenings, IReadOnlyList<ScreeningResponse>>
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ScreeningResponse>> Handle(ListPatientScreenings request, CancellationToken cancellationToken)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == request.PatientId, cancellationToken))
        {
            throw new NotFoundException("Patient", request.PatientId);
        }

        var found = await db.Screenings.AsNoTracking()
            .Where(s => s.PatientId == request.PatientId)
            .OrderByDescending(s => s.Sequence)
            .Select(s => new { Screening = s, IsCurrent = !db.Screenings.Any(newer => newer.SupersedesId == s.Id) })
            .ToListAsync(cancellationToken);
        var responses = found.Select(f => ScreeningResponse.From(f.Screening, f.IsCurrent)).ToList();
        await audit.RecordReadsAsync(responses.Select(r => r.AuditTarget), cancellationToken);
        return responses;
    }
}
