using ClinicOps.Application.Common;
using FluentValidation;
using FluentValidation.Results;
using MediatR;

namespace ClinicOps.Application.Sites;

/// <summary>A site's certification in the Spravato REMS, which it needs before any esketamine session.</summary>
public sealed record SiteRemsCertificationRequest
{
    /// <summary>Date of certification (the site's local date), not in the future at the site.</summary>
    /// <example>2026-10-01</example>
    public DateOnly? CertifiedOn { get; init; }

    /// <summary>The REMS certification reference of the healthcare setting, 1-64 characters.</summary>
    /// <example>REMS-HCS-0042817</example>
    public string? Reference { get; init; }
}

/// <summary>Records (or replaces) a site's REMS certification, provided nobody changed the site since the caller read it.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="ExpectedVersion">Version from the caller's <c>If-Match</c>; null for <c>If-Match: *</c>.</param>
/// <param name="Certification">The certification.</param>
public sealed record CertifySite(Guid SiteId, int? ExpectedVersion, SiteRemsCertificationRequest Certification) : IRequest<Versioned<SiteResponse>>;

/// <summary>Rules for <see cref="CertifySite"/>.</summary>
public sealed class CertifySiteValidator : AbstractValidator<CertifySite>
{
    /// <summary>Creates the validator.</summary>
    public CertifySiteValidator()
    {
        RuleFor(c => c.Certification.CertifiedOn).NotNull().OverridePropertyName("certifiedOn");
        RuleFor(c => c.Certification.Reference).NotEmpty().Must(r => r!.Trim().Length is >= 1 and <= 64)
            .WithMessage("'reference' must be 1-64 characters.").OverridePropertyName("reference");
    }
}

/// <summary>Handles <see cref="CertifySite"/>.</summary>
public sealed class CertifySiteHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<CertifySite, Versioned<SiteResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<SiteResponse>> Handle(CertifySite request, CancellationToken cancellationToken)
    {
        var site = await SiteAccess.FindCallersSiteAsync(db, user, request.SiteId, cancellationToken);
        if (request.ExpectedVersion is { } expected && expected != site.Version)
        {
            throw new PreconditionFailedException("Site", site.Version);
        }

        var certifiedOn = request.Certification.CertifiedOn!.Value;
        if (certifiedOn > SiteAccess.LocalToday(site, clock))
        {
            throw new ValidationException([new ValidationFailure("certifiedOn", "'certifiedOn' must not be in the future at the site.")]);
        }

        site.SetRemsCertification(certifiedOn, request.Certification.Reference!.Trim());
        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<SiteResponse>(SiteResponse.From(site), site.Version);
    }
}
