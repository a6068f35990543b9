using ClinicOps.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Protocols;

/// <summary>Reads one protocol of the catalog, retired or not.</summary>
/// <param name="Id">Protocol id.</param>
public sealed record GetProtocol(Guid Id) : IRequest<Versioned<ProtocolResponse>>;

/// <summary>Handles <see cref="GetProtocol"/>.</summary>
public sealed class GetProtocolHandler(IClinicOpsDbContext db) : IRequestHandler<GetProtocol, Versioned<ProtocolResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<ProtocolResponse>> Handle(GetProtocol request, CancellationToken cancellationToken)
    {
        var protocol = await db.Protocols.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException("Protocol", request.Id);
        return new Versioned<ProtocolResponse>(ProtocolResponse.From(protocol), protocol.Version);
    }
}
