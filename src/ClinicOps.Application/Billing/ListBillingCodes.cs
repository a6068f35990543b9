using ClinicOps.Application.Common;
using ClinicOps.Domain.Billing;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Billing;

/// <summary>A row of the code table.</summary>
/// <param name="Item">What it bills.</param>
/// <param name="Code" example="J0013">HCPCS or CPT code.</param>
/// <param name="EffectiveFrom" example="2026-01-01">First date of service.</param>
/// <param name="EffectiveThrough" example="2026-12-31">Last date of service; null while current.</param>
/// <param name="Description" example="Esketamine, nasal spray, 1 mg">Description.</param>
/// <param name="Unit" example="mg">What one unit is.</param>
/// <param name="Source" example="HCPCS 2026 annual update">Public source.</param>
public sealed record BillingCodeResponse(BillableItem Item, string Code, DateOnly EffectiveFrom, DateOnly? EffectiveThrough, string Description, string Unit, string Source);

/// <summary>The code table, or the rows that apply on one date of service.</summary>
/// <param name="On">Only rows effective on this date.</param>
public sealed record ListBillingCodes(DateOnly? On) : IRequest<IReadOnlyList<BillingCodeResponse>>;

/// <summary>Handles <see cref="ListBillingCodes"/>.</summary>
public sealed class ListBillingCodesHandler(IClinicOpsDbContext db) : IRequestHandler<ListBillingCodes, IReadOnlyList<BillingCodeResponse>>
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<BillingCodeResponse>> Handle(ListBillingCodes request, CancellationToken cancellationToken)
    {
        var rows = await db.BillingCodes.AsNoTracking().OrderBy(r => r.Item).ThenBy(r => r.EffectiveFrom).ToListAsync(cancellationToken);
        return [.. rows.Where(r => request.On is not { } on || r.AppliesOn(on))
            .Select(r => new BillingCodeResponse(r.Item, r.Code, r.EffectiveFrom, r.EffectiveThrough, r.Description, r.Unit, r.Source))];
    }
}
