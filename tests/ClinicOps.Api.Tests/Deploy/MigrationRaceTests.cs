using System.Reflection;
using System.Text.Json;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace ClinicOps.Api.Tests.Deploy;

/// <summary>
/// Replicas that start together against one empty PostgreSQL database, next to a separate <c>migrate</c> step (as the
/// compose file's and the Kubernetes migration job run it), never race: the advisory lock in DatabaseMigrator lets
/// exactly one of them apply the migrations, once each, and the others find nothing pending (ADR 0013).
/// </summary>
public sealed class MigrationRaceTests(PostgresServer server)
{
    private static readonly string[] AllMigrations = typeof(ClinicOpsDbContext).Assembly.GetTypes()
        .Select(type => type.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public async Task Instances_and_migrate_commands_started_at_once_on_an_empty_postgres_database_apply_each_migration_exactly_once()
    {
        var connectionString = await server.CreateDatabaseAsync("deploy_race");
        var environment = ApiProcess.PostgresEnvironment(connectionString);
        var processes = new List<ApiProcess>();
        try
        {
            // Three API instances that migrate on start-up (the default) and two migrate steps, all started at once.
            for (var i = 0; i < 3; i++)
            {
                processes.Add(ApiProcess.Start(environment));
            }

            var migrateSteps = new[] { ApiProcess.Start(environment, "migrate"), ApiProcess.Start(environment, "migrate") };
            processes.AddRange(migrateSteps);

            await Task.WhenAll(processes.Take(3).Select(api => api.WaitUntilReadyAsync()));
            foreach (var step in migrateSteps)
            {
                Assert.True(await step.WaitForExitAsync(TimeSpan.FromSeconds(90)) == 0, $"migrate failed:\n{step.Output}");
            }

            var appliedCounts = processes.Select(AppliedCount).ToList();
            Assert.Equal(1, appliedCounts.Count(count => count == AllMigrations.Length));
            Assert.Equal(processes.Count - 1, appliedCounts.Count(count => count == 0));

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var history = new NpgsqlCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"", connection);
            var applied = new List<string>();
            await using (var reader = await history.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            {
                while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            Assert.Equal(AllMigrations, applied.Order(StringComparer.Ordinal));

            // Every instance serves on the one schema.
            foreach (var api in processes.Take(3))
            {
                using var client = new HttpClient { BaseAddress = api.BaseAddress };
                var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
                Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            }

            NpgsqlConnection.ClearPool(connection);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Migrate_takes_the_advisory_lock_so_a_second_migrator_waits_while_another_one_holds_it()
    {
        var connectionString = await server.CreateDatabaseAsync("deploy_lock");
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({DatabaseMigrator.PostgresMigrationLockKey})", holder))
        {
            await take.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var migrate = ApiProcess.Start(ApiProcess.PostgresEnvironment(connectionString), "migrate");
        await WaitForAsync(() => migrate.Output.Contains("Waiting for the migration lock", StringComparison.Ordinal) || migrate.HasExited);
        Assert.False(migrate.HasExited, $"migrate did not wait for the lock:\n{migrate.Output}");
        Assert.Equal(0, await CountHistoryTablesAsync(holder));

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({DatabaseMigrator.PostgresMigrationLockKey})", holder))
        {
            await release.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, await migrate.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        Assert.Equal(AllMigrations.Length, AppliedCount(migrate));
        Assert.Equal(1, await CountHistoryTablesAsync(holder));
        NpgsqlConnection.ClearPool(holder);
    }

    private static async Task<long> CountHistoryTablesAsync(NpgsqlConnection connection)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name = '__EFMigrationsHistory'", connection);
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>The count in the process's "Database migrated: N migration(s) applied" log line (JSON console).</summary>
    private static int AppliedCount(ApiProcess process)
    {
        foreach (var line in process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{') || !line.Contains("Database migrated", StringComparison.Ordinal))
            {
                continue;
            }

            using var log = JsonDocument.Parse(line);
            return log.RootElement.GetProperty("State").GetProperty("Count").GetInt32();
        }

        throw new InvalidOperationException($"No 'Database migrated' line in the output:\n{process.Output}");
    }
}
