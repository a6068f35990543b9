using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// Ready only when the database answers and no migration is pending. Listing pending migrations reads the history
/// table and every migration's metadata, so it is done until it first comes back empty; a running instance never
/// gains a pending migration (a newer schema comes with a newer build), so from then on one <c>SELECT 1</c> proves the
/// database still answers.
/// </summary>
public sealed class MigrationsAppliedHealthCheck(ClinicOpsDbContext db, MigrationsAppliedHealthCheck.State state) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (state.AllApplied)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
                return HealthCheckResult.Healthy("Database reachable and migrated.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            state.AllApplied = pending == 0;
            return pending == 0
                ? HealthCheckResult.Healthy("Database reachable and migrated.")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) pending.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.");
        }
    }

    /// <summary>What this instance has seen of the schema (a singleton).</summary>
    public sealed class State
    {
        private volatile bool _allApplied;

        /// <summary>True once a check found no pending migration.</summary>
        public bool AllApplied
        {
            get => _allApplied;
            set => _allApplied = value;
        }
    }
}
