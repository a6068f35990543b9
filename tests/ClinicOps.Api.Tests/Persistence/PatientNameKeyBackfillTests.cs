using System.Net;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// Patients stored before migration 20261123090000 have no name keys, and SQL cannot compute them exactly; the migrator
/// fills them in C# right after migrating (docs/decisions/0017-patient-name-search.md). These tests store such rows
/// with raw SQL in a database migrated only to the migration before, then start the API on it as an upgrade would.
/// </summary>
public sealed class PatientNameKeyBackfillTests(PostgresServer server)
{
    private const string MigrationBeforeKeys = "20261122170100_BackOffice";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Patients_stored_before_the_keys_existed_are_found_by_name_after_the_upgrade_on_sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"clinicops-backfill-{Guid.NewGuid():N}.db");
        try
        {
            await UpgradeAndSearchAsync(DatabaseProvider.Sqlite, $"Data Source={file};Default Timeout=30",
                new DbContextOptionsBuilder<ClinicOpsDbContext>().UseSqlite($"Data Source={file}"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            SqliteFiles.Delete(file);
        }
    }

    [Fact]
    public async Task Patients_stored_before_the_keys_existed_are_found_by_name_after_the_upgrade_on_postgres()
    {
        var connectionString = await server.CreateDatabaseAsync("backfill");
        try
        {
            await UpgradeAndSearchAsync(DatabaseProvider.Postgres, connectionString,
                new DbContextOptionsBuilder<ClinicOpsDbContext>().UseNpgsql(connectionString));
        }
        finally
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        }
    }

    private static async Task UpgradeAndSearchAsync(
        DatabaseProvider provider, string connectionString, DbContextOptionsBuilder<ClinicOpsDbContext> options)
    {
        var site = Guid.NewGuid();
        var garcia = Guid.NewGuid();
        var strasse = Guid.NewGuid();
        var rows = BatchOverflow().ToList();
        await using (var db = new ClinicOpsDbContext(options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options))
        {
            await db.GetService<IMigrator>().MigrateAsync(MigrationBeforeKeys, Cancellation);
            var at = new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "Sites" ("Id", "Code", "Name", "TimeZoneId", "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy", "Version")
                VALUES ({site}, {"OLD-SITE"}, {"Clinic"}, {"America/Chicago"}, {at}, {"seed"}, {at}, {"seed"}, {1})
                """, Cancellation);
            foreach (var (id, given, family) in rows.Prepend((strasse, "Jörg", "Straße")).Prepend((garcia, "Lucía", "García")))
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO "Patients" ("Id", "SiteId", "GivenName", "FamilyName", "DateOfBirth", "Sex", "PreferredContactChannel",
                        "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy", "Version")
                    VALUES ({id}, {site}, {given}, {family}, {new DateOnly(1980, 1, 2)}, {"Female"}, {"Email"}, {at}, {"seed"}, {at}, {"seed"}, {1})
                    """, Cancellation);
            }
        }

        await using var api = new ApiFactory(provider, connectionString);
        _ = api.Server; // migrates, then fills the keys
        using var desk = api.ClientFor(Role.FrontDesk, site);

        Assert.Equal([garcia], await SearchAsync(desk, "garcia"));
        Assert.Equal([garcia], await SearchAsync(desk, "LUCIA"));
        Assert.Equal([strasse], await SearchAsync(desk, "strass"));
        Assert.Equal([strasse], await SearchAsync(desk, "jorg"));
        Assert.Equal(rows.Count, (await SearchPageAsync(desk, "backfill"))["totalCount"]!.GetValue<int>());
        Assert.Contains(api.Logs.Lines, l => l.Contains($"Search keys computed for {rows.Count + 2} patient(s)", StringComparison.Ordinal));

        // Derived data, not an edit: the version (ETag) is unchanged.
        var stored = await desk.GetAsync($"/api/v1/patients/{garcia}");
        Assert.Equal("\"1\"", stored.Headers.ETag!.Tag);

        // Idempotent: a second run finds nothing left to fill.
        var logged = api.Logs.Lines.Count(l => l.Contains("Search keys computed", StringComparison.Ordinal));
        Assert.Equal(0, await DatabaseMigrator.MigrateAsync(api.Services, Cancellation));
        Assert.Equal(logged, api.Logs.Lines.Count(l => l.Contains("Search keys computed", StringComparison.Ordinal)));
    }

    // More rows than one batch, so the backfill must loop.
    private static IEnumerable<(Guid Id, string Given, string Family)> BatchOverflow() =>
        Enumerable.Range(0, PatientNameKeyBackfill.BatchSize + 3).Select(i => (Guid.NewGuid(), $"Patient{i}", $"Backfill-{i}"));

    private static async Task<Guid[]> SearchAsync(HttpClient desk, string name) =>
        [.. (await SearchPageAsync(desk, name))["items"]!.AsArray().Select(p => p!["id"]!.GetValue<Guid>())];

    private static async Task<System.Text.Json.Nodes.JsonObject> SearchPageAsync(HttpClient desk, string name)
    {
        var response = await desk.GetAsync($"/api/v1/patients?name={name}&pageSize=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }
}
