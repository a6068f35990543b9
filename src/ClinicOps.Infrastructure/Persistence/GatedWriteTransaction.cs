using Microsoft.EntityFrameworkCore.Storage;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// A SQLite write transaction that holds the write gate from when it begins until it ends. It begins at once
/// (<see cref="ClinicOpsDbContext.BeginWriteTransactionAsync"/>) or, deferred, at its first write
/// (<see cref="ClinicOpsDbContext.StartDeferredWriteAsync"/>); ended before that, it has nothing to commit or undo.
/// A commit gives the turn up as soon as SQLite has it, and returns once it is on disk (group commit,
/// docs/decisions/0020-sqlite-group-commit.md).
/// </summary>
internal sealed class GatedWriteTransaction(ClinicOpsDbContext context) : IDbContextTransaction
{
    private IDbContextTransaction? _inner;
    private SqliteWriteGate.Turn? _turn;

    public bool Started => _inner is not null;

    public Guid TransactionId { get; } = Guid.NewGuid();

    public bool SupportsSavepoints => true;

    public void Start(IDbContextTransaction inner, SqliteWriteGate.Turn turn)
    {
        _inner = inner;
        _turn = turn;
    }

    public void Commit()
    {
        if (_inner is not null)
        {
            _inner.Commit();
            _turn!.EndAfterCommitAsync().GetAwaiter().GetResult();
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_inner is not null)
        {
            await _inner.CommitAsync(cancellationToken);
            await _turn!.EndAfterCommitAsync();
        }
    }

    public void Rollback() => _inner?.Rollback();

    public Task RollbackAsync(CancellationToken cancellationToken = default) => _inner?.RollbackAsync(cancellationToken) ?? Task.CompletedTask;

    public void CreateSavepoint(string name) => Inner.CreateSavepoint(name);

    public Task CreateSavepointAsync(string name, CancellationToken cancellationToken = default) => Inner.CreateSavepointAsync(name, cancellationToken);

    public void RollbackToSavepoint(string name) => Inner.RollbackToSavepoint(name);

    public Task RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default) => Inner.RollbackToSavepointAsync(name, cancellationToken);

    public void ReleaseSavepoint(string name) => Inner.ReleaseSavepoint(name);

    public Task ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default) => Inner.ReleaseSavepointAsync(name, cancellationToken);

    public void Dispose()
    {
        try
        {
            _inner?.Dispose();
        }
        finally
        {
            _turn?.Dispose();
            context.EndDeferredWrite(this);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_inner is not null)
            {
                await _inner.DisposeAsync();
            }
        }
        finally
        {
            _turn?.Dispose();
            context.EndDeferredWrite(this);
        }
    }

    // Savepoints are taken by units of work, which start the transaction first.
    private IDbContextTransaction Inner =>
        _inner ?? throw new InvalidOperationException("The write transaction has not begun; units of work start it before a savepoint.");
}
