using System.Collections.Concurrent;
using System.Data;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// The open SQLite connections that requests borrow, one per DI scope (<see cref="DbContextRental"/>), each with the
/// statements it has prepared (<see cref="StatementCachingSqliteConnection"/>; docs/decisions/0019-sqlite-statement-cache.md).
/// A connection comes back only in a clean state: open, outside any transaction, and with no reader left open (which
/// would hold a read snapshot and keep the WAL from being checkpointed). Any other is closed, so it is never lent again.
/// </summary>
internal sealed class SqliteConnectionLeases(string connectionString, SqliteConnectionSettings settings) : IDisposable
{
    /// <summary>
    /// Idle connections kept. Above the requests a process serves at once on SQLite (32 in the benchmark); a connection
    /// returned beyond it is closed, and a busier moment opens new ones.
    /// </summary>
    internal const int MaxIdle = 64;

    private readonly ConcurrentStack<StatementCachingSqliteConnection> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    /// <summary>The connection string of the leased connections (and of a context that is not lent one).</summary>
    public string ConnectionString => connectionString;

    /// <summary>An open connection for one scope; the most recently returned first, as its statements are warm.</summary>
    public StatementCachingSqliteConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        return Open();
    }

    /// <summary>Takes a connection back, or closes it if it is not clean or enough are idle.</summary>
    public void Return(StatementCachingSqliteConnection connection)
    {
        if (!_disposed && IsClean(connection))
        {
            if (Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Push(connection);
                if (_disposed)
                {
                    // Disposed meanwhile: its drain may have run before this push.
                    Drain();
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        connection.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
        }
    }

    private static bool IsClean(StatementCachingSqliteConnection connection) =>
        connection.State == ConnectionState.Open
        && raw.sqlite3_get_autocommit(connection.Handle) != 0
        && connection.AllReadersClosed;

    private StatementCachingSqliteConnection Open()
    {
        var connection = new StatementCachingSqliteConnection(connectionString);
        try
        {
            // EF Core registers its SQLite functions (decimal arithmetic and comparison, regexp) on a connection handed to
            // it in the options; a context that is lent one later does not. Registered before the open, they are part of it.
            using (var registrar = new DbContext(new DbContextOptionsBuilder().UseSqlite(connection).Options))
            {
                _ = registrar.Database.GetDbConnection();
            }

            connection.Open();
            settings.Apply(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
