using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// Refuses a statement that writes while a deferred SQLite write transaction is still waiting for its first write
/// (<see cref="ClinicOpsDbContext.BeginDeferredWriteTransactionAsync"/>). Such a statement would run outside the write
/// gate and outside the request's transaction, committing on its own: code that writes other than through SaveChanges
/// must call <see cref="ClinicOpsDbContext.StartDeferredWriteAsync"/> first. A programming error, so it throws.
/// </summary>
public sealed class DeferredWriteGuard : DbCommandInterceptor
{
    /// <inheritdoc />
    /// <remarks>One hook for every command EF creates, before it runs (readers, non-queries and scalars alike).</remarks>
    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        Check(result, eventData);
        return result;
    }

    private static void Check(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is ClinicOpsDbContext { IsWritePending: true } && !IsQuery(command.CommandText))
        {
            throw new InvalidOperationException(
                "A statement that writes ran before the request's write transaction began; call StartDeferredWriteAsync first.");
        }
    }

    /// <summary>Whether the statement only reads (EF Core's queries all begin with SELECT).</summary>
    internal static bool IsQuery(string sql) => sql.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
}
