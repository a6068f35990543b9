using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Chairs;

/// <summary>A new chair's name.</summary>
public sealed record AddChairRequest
{
    /// <summary>Name, 1-64 characters, unique within the site.</summary>
    /// <example>Chair 3</example>
    public string? Name { get; init; }
}

/// <summary>Adds an observation chair to one of the caller's sites; it starts in service.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="Chair">The chair's name.</param>
public sealed record AddChair(Guid SiteId, AddChairRequest Chair) : IRequest<Versioned<ChairResponse>>;

/// <summary>Rules for <see cref="AddChair"/>.</summary>
public sealed class AddChairValidator : AbstractValidator<AddChair>
{
    /// <summary>Creates the validator.</summary>
    public AddChairValidator()
    {
        RuleFor(a => a.Chair.Name).NotEmpty().Must(n => n!.Trim().Length is >= 1 and <= ChairNames.MaxLength)
            .WithMessage("'name' must be 1-64 characters.").OverridePropertyName("name");
    }
}

/// <summary>Handles <see cref="AddChair"/>.</summary>
public sealed class AddChairHandler(IClinicOpsDbContext db, ICurrentUser user) : IRequestHandler<AddChair, Versioned<ChairResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<ChairResponse>> Handle(AddChair request, CancellationToken cancellationToken)
    {
        if (!user.SiteIds.Contains(request.SiteId) || !await db.Sites.AnyAsync(s => s.Id == request.SiteId, cancellationToken))
        {
            throw new NotFoundException("Site", request.SiteId);
        }

        var name = request.Chair.Name!.Trim();
        await ChairNames.EnsureFreeAsync(db, request.SiteId, name, exceptChairId: null, cancellationToken);
        var chair = new Chair(request.SiteId, name);
        db.Chairs.Add(chair);
        await ChairNames.SaveAsync(db, name, cancellationToken);
        return new Versioned<ChairResponse>(ChairResponse.From(chair), chair.Version);
    }
}
