using ClinicOps.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Chairs;

/// <summary>Reads one chair of the caller's sites.</summary>
/// <param name="Id">Chair id.</param>
public sealed record GetChair(Guid Id) : IRequest<Versioned<ChairResponse>>;

/// <summary>Handles <see cref="GetChair"/>.</summary>
public sealed class GetChairHandler(IClinicOpsDbContext db) : IRequestHandler<GetChair, Versioned<ChairResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<ChairResponse>> Handle(GetChair request, CancellationToken cancellationToken)
    {
        var chair = await db.Chairs.AsNoTracking()
            .Where(c => c.Id == request.Id)
            .Select(ChairResponse.Projection)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Chair", request.Id);
        return new Versioned<ChairResponse>(chair, chair.Version);
    }
}
