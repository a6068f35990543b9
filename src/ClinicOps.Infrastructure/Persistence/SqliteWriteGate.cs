namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// SQLite has one writer at a time. Left to itself, a second writer gets SQLITE_BUSY and the driver sleeps and retries,
/// which turns a queue of milliseconds into hundreds of milliseconds under load. This gate makes the process's writers
/// wait their turn in order instead: SaveChanges outside a transaction, and each write transaction from its start to
/// its commit. A committed writer gives up its turn and only then waits for its commit to reach the disk
/// (<see cref="Turn.EndAfterCommitAsync"/>, <see cref="SqliteGroupCommit"/>), so the next writer works meanwhile.
/// PostgreSQL needs none (the gate is not used there). Readers never wait (WAL).
/// </summary>
public sealed class SqliteWriteGate(SqliteGroupCommit groupCommit) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the turn to write; dispose the result to give it up.</summary>
    public async Task<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Turn(_gate, groupCommit);
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <summary>One writer's turn. Disposing it gives the turn up (once; later calls do nothing).</summary>
    public sealed class Turn : IDisposable
    {
        private readonly SemaphoreSlim _gate;
        private readonly SqliteGroupCommit _groupCommit;
        private int _released;

        internal Turn(SemaphoreSlim gate, SqliteGroupCommit groupCommit)
        {
            _gate = gate;
            _groupCommit = groupCommit;
        }

        /// <summary>
        /// After this turn's commit has returned: gives the turn up, then waits until the commit is on disk. Call it
        /// before acknowledging the write.
        /// </summary>
        public Task EndAfterCommitAsync()
        {
            Dispose();
            return _groupCommit.DurableAsync();
        }

        /// <inheritdoc />
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _gate.Release();
            }
        }
    }
}
