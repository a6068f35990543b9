using Microsoft.EntityFrameworkCore.Storage;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// SQLite has one writer at a time. Left to itself, a second writer gets SQLITE_BUSY and the driver sleeps and retries,
/// which turns a queue of milliseconds into hundreds of milliseconds under load. This gate makes the process's writers
/// wait their turn in order instead: SaveChanges outside a transaction, and each write transaction from its start to
/// its end. PostgreSQL needs none (the gate is not used there). Readers never wait (WAL).
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the turn to write; dispose the result to give it up.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Turn(_gate);
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

/// <summary>A transaction that holds the SQLite write gate until it ends.</summary>
internal sealed class GatedTransaction(IDbContextTransaction inner, IDisposable turn) : IDbContextTransaction
{
    public Guid TransactionId => inner.TransactionId;

    public void Commit() => inner.Commit();

    public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

    public void Rollback() => inner.Rollback();

    public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

    public void CreateSavepoint(string name) => inner.CreateSavepoint(name);

    public Task CreateSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.CreateSavepointAsync(name, cancellationToken);

    public void RollbackToSavepoint(string name) => inner.RollbackToSavepoint(name);

    public Task RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.RollbackToSavepointAsync(name, cancellationToken);

    public void ReleaseSavepoint(string name) => inner.ReleaseSavepoint(name);

    public Task ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.ReleaseSavepointAsync(name, cancellationToken);

    public bool SupportsSavepoints => inner.SupportsSavepoints;

    public void Dispose()
    {
        try
        {
            inner.Dispose();
        }
        finally
        {
            turn.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await inner.DisposeAsync();
        }
        finally
        {
            turn.Dispose();
        }
    }
}
