using ClinicOps.Application.Common;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Protocols;

/// <summary>Why a protocol leaves the catalog.</summary>
public sealed record ProtocolRetirementRequest
{
    /// <summary>Why it is retired (1-1000 characters); kept with the protocol.</summary>
    /// <example>Replaced by the 2027 clinic protocol.</example>
    public string? Reason { get; init; }
}

/// <summary>
/// Retires a protocol: it stays in the catalog and readable (courses refer to it) but starts no new course.
/// Protocols are never deleted.
/// </summary>
/// <param name="Id">Protocol id.</param>
/// <param name="Retirement">The reason.</param>
public sealed record RetireProtocol(Guid Id, ProtocolRetirementRequest Retirement) : IRequest<Versioned<ProtocolResponse>>;

/// <summary>Rules for <see cref="RetireProtocol"/>.</summary>
public sealed class RetireProtocolValidator : AbstractValidator<RetireProtocol>
{
    /// <summary>Creates the validator.</summary>
    public RetireProtocolValidator()
    {
        RuleFor(r => r.Retirement.Reason).NotEmpty().Must(r => r!.Trim().Length is >= 1 and <= 1000)
            .WithMessage("'reason' must be 1-1000 characters.").OverridePropertyName("reason");
    }
}

/// <summary>Handles <see cref="RetireProtocol"/>.</summary>
public sealed class RetireProtocolHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<RetireProtocol, Versioned<ProtocolResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<ProtocolResponse>> Handle(RetireProtocol request, CancellationToken cancellationToken)
    {
        var protocol = await db.Protocols.SingleOrDefaultAsync(p => p.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException("Protocol", request.Id);
        if (!protocol.Retire(request.Retirement.Reason!.Trim(), clock.GetUtcNow()))
        {
            throw new ConflictException("protocol.already-retired", "The protocol is already retired.");
        }

        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<ProtocolResponse>(ProtocolResponse.From(protocol), protocol.Version);
    }
}
