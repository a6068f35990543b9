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
