using ClinicOps.Application.Common;
using ClinicOps.Domain.Authorizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Authorizations;

/// <summary>A ClinicAdmin's override of the PA check for sessions on some dates.</summary>
public sealed record PriorAuthorizationOverrideRequest
{
    /// <summary>Local dates of the sessions to let through (1-20).</summary>
    /// <example>["2027-01-25"]</example>
    public IReadOnlyList<DateOnly>? Dates { get; init; }

    /// <summary>Why (1-500 characters).</summary>
    /// <example>Renewal submitted 2027-01-15; payer confirmed by phone that it will be backdated.</example>
    public string? Reason { get; init; }
}

/// <summary>The override as recorded.</summary>
/// <param name="Id" example="0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2e">Override id.</param>
/// <param name="CourseId" example="3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99">Course id.</param>
/// <param name="Dates">Dates let through.</param>
/// <param name="Reason" example="Renewal submitted; payer confirmed backdating.">Why.</param>
/// <param name="By" example="admin-1">The ClinicAdmin.</param>
/// <param name="At" example="2027-01-20T15:00:00+00:00">When.</param>
public sealed record PriorAuthorizationOverrideResponse(Guid Id, Guid CourseId, IReadOnlyList<DateOnly> Dates, string Reason, string By, DateTimeOffset At);

/// <summary>Lets sessions on the given dates be booked although the course's PAs do not cover them (ClinicAdmin, with a reason).</summary>
/// <param name="CourseId">Course id.</param>
/// <param name="Override">The override.</param>
public sealed record OverridePriorAuthorization(Guid CourseId, PriorAuthorizationOverrideRequest Override) : IRequest<PriorAuthorizationOverrideResponse>;

/// <summary>Rules for <see cref="OverridePriorAuthorization"/>.</summary>
public sealed class OverridePriorAuthorizationValidator : AbstractValidator<OverridePriorAuthorization>
{
    /// <summary>Creates the validator.</summary>
    public OverridePriorAuthorizationValidator()
    {
        RuleFor(r => r.Override.Dates).NotEmpty().Must(d => d!.Count <= 20).WithMessage("'dates' lists 1-20 dates.").OverridePropertyName("dates");
        RuleFor(r => r.Override.Reason).NotEmpty().MaximumLength(500).OverridePropertyName("reason");
    }
}

/// <summary>Handles <see cref="OverridePriorAuthorization"/>.</summary>
public sealed class OverridePriorAuthorizationHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<OverridePriorAuthorization, PriorAuthorizationOverrideResponse>
{
    /// <inheritdoc />
    public async Task<PriorAuthorizationOverrideResponse> Handle(OverridePriorAuthorization request, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.CourseId, cancellationToken)
            ?? throw new NotFoundException("Course", request.CourseId);
        var recorded = new PriorAuthorizationOverride(course.Id, course.PatientId, course.SiteId, [.. request.Override.Dates!.Distinct().Order()],
            request.Override.Reason!.Trim(), user.Subject, clock.GetUtcNow());
        db.PriorAuthorizationOverrides.Add(recorded);
        await db.SaveChangesAsync(cancellationToken);
        return new PriorAuthorizationOverrideResponse(recorded.Id, recorded.CourseId, recorded.Dates, recorded.Reason, recorded.By, recorded.At);
    }
}
