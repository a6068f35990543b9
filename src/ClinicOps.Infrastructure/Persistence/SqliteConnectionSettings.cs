using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// Applies the per-connection SQLite settings the connection string cannot carry, once for each native connection
/// (Microsoft.Data.Sqlite pools them, so most opens hand back one that already has them).
/// <para>
/// <c>temp_store=MEMORY</c>: EF Core wraps every SaveChanges inside the request's transaction in a savepoint, and the
/// savepoint's sub-journal keeps the original of each page the save touches. With the build's default (temporary
/// files), a sub-journal past 64 KiB spills to a new file under /var/tmp: a registration touches enough pages (the
/// patient, its name keys, the idempotency key, the audit entry and the event, each with their indexes) that almost
/// every write created, wrote, unlinked and closed a temporary file inside the write turn. The sub-journal only serves
/// rolling back to the savepoint; durability is the WAL's, so keeping it in memory loses nothing on a crash
/// (docs/decisions/0011-durability-and-write-path.md).
/// </para>
/// <para>
/// <c>synchronous=NORMAL</c>, when <see cref="SqliteGroupCommit"/> is active for the file: a commit does not fsync the
/// write-ahead log itself; its writer waits for the group's fsync before the write is acknowledged
/// (docs/decisions/0020-sqlite-group-commit.md). Without group commit the driver's FULL stays.
/// </para>
/// </summary>
public sealed class SqliteConnectionSettings(SqliteGroupCommit groupCommit) : DbConnectionInterceptor
{
    private readonly string _settings = groupCommit.IsActive
        ? "PRAGMA temp_store = MEMORY; PRAGMA synchronous = NORMAL;"
        : "PRAGMA temp_store = MEMORY;";

    // Keyed on the native handle, which lives as long as the pooled connection does; an entry goes with its handle.
    private readonly ConditionalWeakTable<sqlite3, object> _applied = [];

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    /// <inheritdoc />
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>Applies the settings to an open connection, once per native connection.</summary>
    internal void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || _applied.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = sqlite.CreateCommand();
        command.CommandText = _settings;
        command.ExecuteNonQuery();
        _applied.AddOrUpdate(handle, _settings);
    }
}
