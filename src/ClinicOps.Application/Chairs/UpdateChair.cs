using ClinicOps.Application.Common;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Chairs;

/// <summary>A chair's name and service state (full replacement).</summary>
public sealed record ChairInput
{
    /// <summary>Name, 1-64 characters, unique within the site.</summary>
    /// <example>Chair 3 (window)</example>
    public string? Name { get; init; }

    /// <summary>False takes the chair out of service: it gets no new bookings (booked sessions keep it).</summary>
    /// <example>true</example>
    public bool? Active { get; init; }
}

/// <summary>Renames a chair or takes it in or out of service, provided nobody changed it since the caller read it.</summary>
/// <param name="Id">Chair id.</param>
/// <param name="ExpectedVersion">Version from the caller's <c>If-Match</c>; null for <c>If-Match: *</c>.</param>
/// <param name="Chair">The new name and state.</param>
public sealed record UpdateChair(Guid Id, int? ExpectedVersion, ChairInput Chair) : IRequest<Versioned<ChairResponse>>;

/// <summary>Rules for <see cref="UpdateChair"/>.</summary>
public sealed class UpdateChairValidator : AbstractValidator<UpdateChair>
{
    /// <summary>Creates the validator.</summary>
    public UpdateChairValidator()
    {
        RuleFor(u => u.Chair.Name).NotEmpty().Must(n => n!.Trim().Length is >= 1 and <= ChairNames.MaxLength)
            .WithMessage("'name' must be 1-64 characters.").OverridePropertyName("name");
        RuleFor(u => u.Chair.Active).NotNull().OverridePropertyName("active");
    }
}

/// <summary>Handles <see cref="UpdateChair"/>.</summary>
public sealed class UpdateChairHandler(IClinicOpsDbContext db) : IRequestHandler<UpdateChair, Versioned<ChairResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<ChairResponse>> Handle(UpdateChair request, CancellationToken cancellationToken)
    {
        var chair = await db.Chairs.SingleOrDefaultAsync(c => c.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException("Chair", request.Id);
        if (request.ExpectedVersion is { } expected && expected != chair.Version)
        {
            throw new PreconditionFailedException("Chair", chair.Version);
        }

        var name = request.Chair.Name!.Trim();
        await ChairNames.EnsureFreeAsync(db, chair.SiteId, name, chair.Id, cancellationToken);
        chair.Update(name, request.Chair.Active!.Value);
        await ChairNames.SaveAsync(db, name, cancellationToken);
        return new Versioned<ChairResponse>(ChairResponse.From(chair), chair.Version);
    }
}
