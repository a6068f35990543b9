using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Inventory;
using ClinicOps.Domain.Inventory;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Schedule III stock: receipts, on-hand and expiring lots, ledgers, witnessed waste, counts and adjustments.</summary>
internal static class InventoryEndpoints
{
    public static void MapInventory(this IEndpointRouteBuilder app)
    {
        var perSite = app.MapGroup("/api/v1/sites/{siteId:guid}/inventory").WithTags(ApiTags.Inventory)
            .WithMetadata(new AuditedResource(nameof(InventoryLot), IdRouteKey: null));
        perSite.MapPost("/receipts", Receive).WithName("recordInventoryReceipt").RequireAuthorization(AccessPolicies.InventoryRecord)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        perSite.MapGet("/lots", ListLots).WithName("listInventoryLots").RequireAuthorization(AccessPolicies.InventoryRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var lots = app.MapGroup("/api/v1/inventory/lots").WithTags(ApiTags.Inventory).WithMetadata(new AuditedResource(nameof(InventoryLot)));
        lots.MapGet("/{id:guid}/ledger", Ledger).WithName("getLotLedger").RequireAuthorization(AccessPolicies.InventoryRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        lots.MapPost("/{id:guid}/waste", Waste).WithName("recordWaste").RequireAuthorization(AccessPolicies.InventoryRecord)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        lots.MapPost("/{id:guid}/counts", Count).WithName("recordInventoryCount").RequireAuthorization(AccessPolicies.InventoryRecord)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        lots.MapPost("/{id:guid}/adjustments", Adjust).WithName("recordInventoryAdjustment").RequireAuthorization(AccessPolicies.InventoryAdjust)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>Receives a delivery of one lot; the caller is recorded as the receiver.</summary>
    /// <remarks>A new lot number opens a lot; a known one must match its expiry and strength (409 <c>inventory.lot-mismatch</c>).</remarks>
    /// <param name="siteId">Site id.</param>
    /// <response code="201">The receipt was entered in the ledger.</response>
    private static async Task<Created<LotResponse>> Receive(Guid siteId, InventoryReceiptRequest receipt, IMediator mediator, CancellationToken cancellationToken)
    {
        var lot = await mediator.Send(new ReceiveInventory(siteId, receipt), cancellationToken);
        return TypedResults.Created($"/api/v1/inventory/lots/{lot.Id}/ledger", lot);
    }

    /// <summary>Lists the site's lots with units on hand, or only those expiring within some days.</summary>
    /// <param name="siteId">Site id.</param>
    /// <param name="expiringWithinDays">Only lots that expire within this many days (1-365), e.g. 30.</param>
    private static async Task<Ok<IReadOnlyList<LotResponse>>> ListLots(Guid siteId, IMediator mediator, CancellationToken cancellationToken, int? expiringWithinDays = null) =>
        TypedResults.Ok(await mediator.Send(new ListInventoryLots(siteId, expiringWithinDays), cancellationToken));

    /// <summary>Reads a lot's append-only ledger with running balances.</summary>
    /// <param name="id">Lot id.</param>
    private static async Task<Ok<LedgerResponse>> Ledger(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetLotLedger(id), cancellationToken));

    /// <summary>Records witnessed waste (a partial vial, a dropped device).</summary>
    /// <remarks>The witness must be a second user (422 <c>inventory.witness-required</c>); never below zero (422 <c>inventory.insufficient</c>).</remarks>
    /// <param name="id">Lot id.</param>
    /// <response code="201">The waste was entered in the ledger.</response>
    private static async Task<Created<LedgerEntryResponse>> Waste(Guid id, WasteRequest waste, IMediator mediator, CancellationToken cancellationToken)
    {
        var entry = await mediator.Send(new RecordWaste(id, waste), cancellationToken);
        return TypedResults.Created($"/api/v1/inventory/lots/{id}/ledger", entry);
    }

    /// <summary>Enters a physical count; a difference from the ledger is flagged (and audited), the ledger is not changed.</summary>
    /// <param name="id">Lot id.</param>
    /// <response code="201">The count was recorded.</response>
    private static async Task<Created<InventoryCountResponse>> Count(Guid id, InventoryCountRequest count, IMediator mediator, CancellationToken cancellationToken)
    {
        var recorded = await mediator.Send(new CountInventory(id, count), cancellationToken);
        return TypedResults.Created($"/api/v1/inventory/lots/{id}/ledger", recorded);
    }

    /// <summary>Corrects the ledger with an adjusting entry and a reason; entries are never edited.</summary>
    /// <param name="id">Lot id.</param>
    /// <response code="201">The adjustment was entered in the ledger.</response>
    private static async Task<Created<LedgerEntryResponse>> Adjust(Guid id, InventoryAdjustmentRequest adjustment, IMediator mediator, CancellationToken cancellationToken)
    {
        var entry = await mediator.Send(new AdjustInventory(id, adjustment), cancellationToken);
        return TypedResults.Created($"/api/v1/inventory/lots/{id}/ledger", entry);
    }
}
