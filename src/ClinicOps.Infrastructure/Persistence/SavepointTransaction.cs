using Microsoft.EntityFrameworkCore.Storage;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// A unit of work nested in a transaction someone else owns (the idempotency middleware's): a savepoint that is rolled
/// back unless committed. Committing releases nothing early; the owner commits or rolls back the whole. Rolling back
/// to the savepoint also clears a PostgreSQL transaction aborted by a failed statement, so the owner can go on.
/// </summary>
internal sealed class SavepointTransaction(IDbContextTransaction outer, string savepoint) : IDbContextTransaction
{
    private bool _done;

    public Guid TransactionId => outer.TransactionId;

    public void Commit() => _done = true;

    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        _done = true;
        return Task.CompletedTask;
    }

    public void Rollback()
    {
        if (!_done)
        {
            _done = true;
            outer.RollbackToSavepoint(savepoint);
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (!_done)
        {
            _done = true;
            await outer.RollbackToSavepointAsync(savepoint, cancellationToken);
        }
    }

    public void Dispose() => Rollback();

    public async ValueTask DisposeAsync() => await RollbackAsync(CancellationToken.None);
}
