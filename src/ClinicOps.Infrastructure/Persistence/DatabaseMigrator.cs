using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// Applies pending migrations. On PostgreSQL several instances (replicas starting together, or a migration job next to
/// replicas that still migrate on start-up) may call this at once: each takes one session-level advisory lock first,
/// so exactly one of them applies the migrations and the others, once they get the lock, find nothing pending
/// (docs/decisions/0013-deployment-and-scale-out.md).
/// </summary>
public static partial class DatabaseMigrator
{
    /// <summary>
    /// The advisory lock key of ClinicOps migrations ("ClinicOp" in ASCII). Advisory locks are scoped to one database,
    /// so databases on a shared server never wait for each other.
    /// </summary>
    public const long PostgresMigrationLockKey = 0x436C_696E_6963_4F70;

    /// <summary>Applies every pending migration; for SQLite also switches the file to write-ahead logging.</summary>
    /// <returns>The number of migrations this call applied (0 when another instance applied them first).</returns>
    public static async Task<int> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));
        int applied;
        if (db.Database.IsNpgsql())
        {
            applied = await MigrateUnderAdvisoryLockAsync(db, logger, cancellationToken);
        }
        else
        {
            // WAL lets readers proceed while a writer commits; the setting is stored in the database file. It comes
            // first, so that even a new file's migrations commit to the log, which group commit syncs
            // (docs/decisions/0020-sqlite-group-commit.md): synchronous=NORMAL is only safe from corruption in WAL mode.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            applied = await ApplyPendingAsync(db, logger, cancellationToken);
            // The migrations commit through EF's own transactions, not the write gate: sync them here.
            await scope.ServiceProvider.GetRequiredService<SqliteGroupCommit>().DurableAsync();
        }

        LogMigrated(logger, applied);
        return applied;
    }

    private static async Task<int> MigrateUnderAdvisoryLockAsync(ClinicOpsDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        // A connection of its own holds the lock for the whole run; EF migrates on its own connection, which may be
        // opened and closed several times. If this process dies, PostgreSQL ends the session and releases the lock.
        await using var lockConnection = new NpgsqlConnection(db.Database.GetConnectionString());
        await lockConnection.OpenAsync(cancellationToken);
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", lockConnection))
        {
            tryLock.Parameters.AddWithValue("key", PostgresMigrationLockKey);
            if (await tryLock.ExecuteScalarAsync(cancellationToken) is not true)
            {
                LogWaiting(logger);
                await using var waitForLock = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection) { CommandTimeout = 0 };
                waitForLock.Parameters.AddWithValue("key", PostgresMigrationLockKey);
                await waitForLock.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        try
        {
            return await ApplyPendingAsync(db, logger, cancellationToken);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            unlock.Parameters.AddWithValue("key", PostgresMigrationLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    // Data steps that SQL cannot do exactly run here, after the schema, under the same lock on PostgreSQL; each is
    // idempotent, so every start (and every instance) may run it.
    private static async Task<int> ApplyPendingAsync(ClinicOpsDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        await db.Database.MigrateAsync(cancellationToken);
        var keyed = await PatientNameKeyBackfill.RunAsync(db, cancellationToken);
        if (keyed > 0)
        {
            LogNameKeysFilled(logger, keyed);
        }

        return pending;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the migration lock: another instance is migrating this database.")]
    private static partial void LogWaiting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search keys computed for {Count} patient(s) stored without them")]
    private static partial void LogNameKeysFilled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated: {Count} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, int count);
}
