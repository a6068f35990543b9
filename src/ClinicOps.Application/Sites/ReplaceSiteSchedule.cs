using ClinicOps.Application.Common;
using FluentValidation;
using FluentValidation.Results;
using MediatR;

namespace ClinicOps.Application.Sites;

/// <summary>Replaces a site's opening hours and closures, provided nobody changed the site since the caller read it.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="ExpectedVersion">Version from the caller's <c>If-Match</c>; null for <c>If-Match: *</c>.</param>
/// <param name="Schedule">The new schedule (full replacement).</param>
public sealed record ReplaceSiteSchedule(Guid SiteId, int? ExpectedVersion, SiteScheduleInput Schedule) : IRequest<Versioned<SiteScheduleResponse>>;

/// <summary>Rules for <see cref="ReplaceSiteSchedule"/>.</summary>
public sealed class ReplaceSiteScheduleValidator : AbstractValidator<ReplaceSiteSchedule>
{
    /// <summary>Creates the validator.</summary>
    public ReplaceSiteScheduleValidator()
    {
        // Field errors are reported as the body's own fields (openingHours[0].opens, not schedule.openingHours[0].opens).
        RuleFor(r => r.Schedule).SetValidator(new SiteScheduleInputValidator()).OverridePropertyName(string.Empty);
    }
}

/// <summary>Handles <see cref="ReplaceSiteSchedule"/>.</summary>
public sealed class ReplaceSiteScheduleHandler(IClinicOpsDbContext db, ICurrentUser user)
    : IRequestHandler<ReplaceSiteSchedule, Versioned<SiteScheduleResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<SiteScheduleResponse>> Handle(ReplaceSiteSchedule request, CancellationToken cancellationToken)
    {
        var site = await SiteAccess.FindCallersSiteAsync(db, user, request.SiteId, cancellationToken);
        if (request.ExpectedVersion is { } expected && expected != site.Version)
        {
            throw new PreconditionFailedException("Site", site.Version);
        }

        if (request.Schedule.TimeZoneId is { } zone && zone != site.TimeZoneId)
        {
            throw new ValidationException([new ValidationFailure("timeZoneId", $"'timeZoneId' must be the site's time zone ({site.TimeZoneId}) or left out.")]);
        }

        site.SetSchedule(request.Schedule.ToOpeningHours(), request.Schedule.ToClosures());
        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<SiteScheduleResponse>(SiteScheduleResponse.From(site), site.Version);
    }
}
