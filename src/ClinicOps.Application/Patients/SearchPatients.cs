using ClinicOps.Application.Common;
using ClinicOps.Domain.Patients;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Patients;

/// <summary>Finds patients of the caller's sites, ordered by family name, given name, then id.</summary>
public sealed record SearchPatients : IRequest<PagedResult<PatientResponse>>
{
    /// <summary>Start of the given or family name, case- and accent-insensitive (FHIR string search).</summary>
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
        RuleFor(s => s.Name)
            .Must(name => NameSearchKey.Normalize(name!).Length > 0)
            .When(s => !string.IsNullOrWhiteSpace(s.Name))
            .WithMessage("Name must contain a letter or digit: accents, spaces and punctuation are ignored by search.");
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
        var page = await ByNameOnlyAsync(request, cancellationToken) ?? await ByFiltersAsync(request, cancellationToken);

        // Every patient shown is a patient read, so the trail answers "who saw this patient" for searches too.
        await audit.RecordReadsAsync(page.Items.Select(PatientAudit.Target), cancellationToken);
        return page;
    }

    /// <summary>
    /// The front desk's search, a name and nothing else, as compiled queries: the same SQL as <see cref="ByFiltersAsync"/>
    /// builds for it, without building, funcletizing and looking up the LINQ tree per request. Null for any other search.
    /// </summary>
    private async Task<PagedResult<PatientResponse>?> ByNameOnlyAsync(SearchPatients request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.DateOfBirth is not null || !string.IsNullOrWhiteSpace(request.ExternalMrn) || request.SiteId is not null)
        {
            return null;
        }

        var key = NameSearchKey.Normalize(request.Name);
        if (NameSearchKey.PrefixUpperBound(key) is not { } bound)
        {
            return null;
        }

        var context = db.AsDbContext();
        var total = await CountByName.For(context)(context, key, bound, cancellationToken);
        var items = await PageByName.For(context)(context, key, bound, (request.Page - 1) * request.PageSize, request.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedResult<PatientResponse>(items, request.Page, request.PageSize, total);
    }

    private async Task<PagedResult<PatientResponse>> ByFiltersAsync(SearchPatients request, CancellationToken cancellationToken)
    {
        var query = db.Patients.AsNoTracking();
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

        Func<CancellationToken, Task<int>>? countAsync = null;
        if (!string.IsNullOrWhiteSpace(request.Name))
        {
            // The union carries ids only, and the page's rows are read by id: a union of whole rows sent every column
            // through the UNION's temporary b-tree twice per request (count and page), about twice SQLite's work.
            var matchingIds = IdsWhereNameStartsWith(query, NameSearchKey.Normalize(request.Name));
            countAsync = matchingIds.CountAsync;
            query = db.Patients.AsNoTracking().Where(p => matchingIds.Contains(p.Id));
        }

        return await query.ReadPageAsync(
            q => q.OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.Id),
            PatientResponse.Projection,
            request.Page,
            request.PageSize,
            cancellationToken,
            countAsync);
    }

    private static readonly CompiledPerModel<Func<DbContext, string, string, CancellationToken, Task<int>>> CountByName = new(() => EF.CompileAsyncQuery(
        (DbContext db, string key, string bound, CancellationToken _) => db.Set<Patient>()
            .Where(p => string.Compare(p.GivenNameKey, key) >= 0 && string.Compare(p.GivenNameKey, bound) < 0).Select(p => p.Id)
            .Union(db.Set<Patient>().Where(p => string.Compare(p.FamilyNameKey, key) >= 0 && string.Compare(p.FamilyNameKey, bound) < 0).Select(p => p.Id))
            .Count()));

    private static readonly CompiledPerModel<Func<DbContext, string, string, int, int, IAsyncEnumerable<PatientResponse>>> PageByName = new(() => EF.CompileAsyncQuery(
        (DbContext db, string key, string bound, int skip, int take) => db.Set<Patient>().AsNoTracking()
            .Where(p => db.Set<Patient>().Where(m => string.Compare(m.GivenNameKey, key) >= 0 && string.Compare(m.GivenNameKey, bound) < 0).Select(m => m.Id)
                .Union(db.Set<Patient>().Where(m => string.Compare(m.FamilyNameKey, key) >= 0 && string.Compare(m.FamilyNameKey, bound) < 0).Select(m => m.Id))
                .Contains(p.Id))
            .OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.Id)
            .Skip(skip)
            .Take(take)
            .Select(PatientResponse.Projection)));

    /// <summary>
    /// Ids of the patients whose given or family name key starts with <paramref name="key"/>, as a range on each key
    /// (docs/decisions/0017-patient-name-search.md). A union of two queries rather than one OR: each half, together
    /// with the site filter every query carries, is one range on its own (SiteId, key) index on both databases, where
    /// a single OR would leave the planner nothing better than the site index and a scan of the caller's patients.
    /// UNION, not UNION ALL: a patient whose given and family names both match is listed, and counted, once.
    /// </summary>
    private static IQueryable<Guid> IdsWhereNameStartsWith(IQueryable<Patient> query, string key)
    {
        var bound = NameSearchKey.PrefixUpperBound(key);
        var byGivenName = query.Where(p => string.Compare(p.GivenNameKey, key) >= 0);
        var byFamilyName = query.Where(p => string.Compare(p.FamilyNameKey, key) >= 0);
        if (bound is not null)
        {
            byGivenName = byGivenName.Where(p => string.Compare(p.GivenNameKey, bound) < 0);
            byFamilyName = byFamilyName.Where(p => string.Compare(p.FamilyNameKey, bound) < 0);
        }

        return byGivenName.Select(p => p.Id).Union(byFamilyName.Select(p => p.Id));
    }
}
