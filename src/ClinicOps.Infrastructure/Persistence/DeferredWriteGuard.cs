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
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is ClinicOpsDbContext { IsWritePending: true } && !IsQuery(command.CommandText))
        {
            throw new InvalidOperationException(
                "A statement that writes ran before the request's write transaction began; call StartDeferredWriteAsync first.");
        }
    }

    private static bool IsQuery(string sql) => sql.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
}
