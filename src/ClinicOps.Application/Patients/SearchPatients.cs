using ClinicOps.Application.Common;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Patients;

/// <summary>Finds patients of the caller's sites, ordered by family name, given name, then id.</summary>
public sealed record SearchPatients : IRequest<PagedResult<PatientResponse>>
{
    /// <summary>Part of the given or family name, case-insensitive.</summary>
    public string? Name { get; init; }

    /// <summary>Exact date of birth.</summary>
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>Exact external MRN.</summary>
    public string? ExternalMrn { get; init; }

    /// <summary>Only this site (must be one of the caller's).</summary>
    public Guid? SiteId { get; init; }

    /// <summary>1-based page number.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1-100.</summary>
    public int PageSize { get; init; } = PagedResult<PatientResponse>.DefaultPageSize;
}

/// <summary>Rules for <see cref="SearchPatients"/>.</summary>
public sealed class SearchPatientsValidator : AbstractValidator<SearchPatients>
{
    /// <summary>Creates the validator.</summary>
    public SearchPatientsValidator()
    {
        RuleFor(s => s.Name).MaximumLength(100);
        RuleFor(s => s.ExternalMrn).MaximumLength(64);
        RuleFor(s => s.Page).InclusiveBetween(1, PagedResult<object>.MaxPage);
        RuleFor(s => s.PageSize).InclusiveBetween(1, PagedResult<PatientResponse>.MaxPageSize);
    }
}

/// <summary>Handles <see cref="SearchPatients"/>.</summary>
public sealed class SearchPatientsHandler(IClinicOpsDbContext db, IAuditTrail audit) : IRequestHandler<SearchPatients, PagedResult<PatientResponse>>
{
    /// <inheritdoc />
    public async Task<PagedResult<PatientResponse>> Handle(SearchPatients request, CancellationToken cancellationToken)
    {
        var query = db.Patients.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.Name))
        {
            var term = request.Name.Trim().ToLowerInvariant();
            query = query.Where(p => p.GivenName.ToLower().Contains(term) || p.FamilyName.ToLower().Contains(term));
        }

        if (request.DateOfBirth is { } dateOfBirth)
        {
            query = query.Where(p => p.DateOfBirth == dateOfBirth);
        }

        if (!string.IsNullOrWhiteSpace(request.ExternalMrn))
        {
            var mrn = request.ExternalMrn.Trim();
            query = query.Where(p => p.ExternalMrn == mrn);
        }

        if (request.SiteId is { } siteId)
        {
            query = query.Where(p => p.SiteId == siteId);
        }

        var page = await query.ReadPageAsync(
            q => q.OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.Id),
            PatientResponse.Projection,
            request.Page,
            request.PageSize,
            cancellationToken);

        // Every patient shown is a patient read, so the trail answers "who saw this patient" for searches too.
        await audit.RecordReadsAsync(page.Items.Select(PatientAudit.Target), cancellationToken);
        return page;
    }
}
