using ClinicOps.Application.Common;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Protocols;

/// <summary>Lists the protocol catalog ordered by code; retired protocols only when asked for.</summary>
public sealed record ListProtocols : IRequest<PagedResult<ProtocolResponse>>
{
    /// <summary>Include retired protocols (default false).</summary>
    public bool IncludeRetired { get; init; }

    /// <summary>1-based page number.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1-100.</summary>
    public int PageSize { get; init; } = PagedResult<ProtocolResponse>.DefaultPageSize;
}

/// <summary>Rules for <see cref="ListProtocols"/>.</summary>
public sealed class ListProtocolsValidator : AbstractValidator<ListProtocols>
{
    /// <summary>Creates the validator.</summary>
    public ListProtocolsValidator()
    {
        RuleFor(l => l.Page).InclusiveBetween(1, PagedResult<object>.MaxPage);
        RuleFor(l => l.PageSize).InclusiveBetween(1, PagedResult<ProtocolResponse>.MaxPageSize);
    }
}

/// <summary>Handles <see cref="ListProtocols"/>.</summary>
public sealed class ListProtocolsHandler(IClinicOpsDbContext db) : IRequestHandler<ListProtocols, PagedResult<ProtocolResponse>>
{
    /// <inheritdoc />
    public async Task<PagedResult<ProtocolResponse>> Handle(ListProtocols request, CancellationToken cancellationToken)
    {
        var query = db.Protocols.AsNoTracking();
        if (!request.IncludeRetired)
        {
            query = query.Where(p => p.RetiredAt == null);
        }

        var total = await query.CountAsync(cancellationToken);

        // Doses and weekdays are JSON columns, so the page is read whole and mapped here; the catalog is small.
        var protocols = await query.OrderBy(p => p.Code).ThenBy(p => p.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedResult<ProtocolResponse>([.. protocols.Select(ProtocolResponse.From)], request.Page, request.PageSize, total);
    }
}
