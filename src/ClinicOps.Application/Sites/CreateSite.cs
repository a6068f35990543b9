using ClinicOps.Application.Common;
using ClinicOps.Domain.Sites;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Sites;

/// <summary>Creates a clinic site. Users are given access to it through the site claims of their tokens.</summary>
public sealed record CreateSite : IRequest<SiteResponse>
{
    /// <summary>Short unique code: 2-32 upper-case letters, digits or hyphens.</summary>
    /// <example>DOWNTOWN</example>
    public string? Code { get; init; }

    /// <summary>Display name, 1-200 characters.</summary>
    /// <example>Downtown Ketamine Clinic</example>
    public string? Name { get; init; }

    /// <summary>IANA time zone id.</summary>
    /// <example>America/Chicago</example>
    public string? TimeZoneId { get; init; }
}

/// <summary>Rules for <see cref="CreateSite"/>.</summary>
public sealed class CreateSiteValidator : AbstractValidator<CreateSite>
{
    /// <summary>Creates the validator.</summary>
    public CreateSiteValidator()
    {
        RuleFor(s => s.Code).NotEmpty().Matches("^[A-Z0-9-]{2,32}$")
            .WithMessage("'{PropertyName}' must be 2-32 upper-case letters, digits or hyphens.");
        RuleFor(s => s.Name).NotEmpty().MaximumLength(200);
        RuleFor(s => s.TimeZoneId).NotEmpty().MaximumLength(64)
            .Must(BeAKnownTimeZone).WithMessage("'{PropertyName}' must be an IANA time zone id such as America/Chicago.");
    }

    internal static bool BeAKnownTimeZone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}

/// <summary>Handles <see cref="CreateSite"/>.</summary>
public sealed class CreateSiteHandler(IClinicOpsDbContext db) : IRequestHandler<CreateSite, SiteResponse>
{
    /// <inheritdoc />
    public async Task<SiteResponse> Handle(CreateSite request, CancellationToken cancellationToken)
    {
        if (await db.Sites.AnyAsync(s => s.Code == request.Code, cancellationToken))
        {
            throw new ConflictException("site.code-taken", $"A site with code '{request.Code}' already exists.");
        }

        var site = new Site(request.Code!, request.Name!.Trim(), request.TimeZoneId!);
        db.Sites.Add(site);
        await db.SaveChangesAsync(cancellationToken);
        return SiteResponse.From(site);
    }
}
