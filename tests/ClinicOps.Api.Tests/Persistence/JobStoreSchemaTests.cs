using System.Net;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// The schema-drift rules once the API has started on a database: Quartz has provisioned its job store (QRTZ_* tables),
/// on PostgreSQL next to the migrated schema and on SQLite in a file of its own, and stores its triggers there; the
/// application's schema is still exactly the model.
/// </summary>
public sealed class JobStoreSchemaTests(PostgresServer server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Quartz_provisions_its_job_store_on_first_start_in_a_file_beside_a_database_of_exactly_the_model_schema_on_sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"clinicops-jobstore-{Guid.NewGuid():N}.db");
        try
        {
            var model = await StartAsync(DatabaseProvider.Sqlite, $"Data Source={file};Default Timeout=30");
            await using var connection = new SqliteConnection($"Data Source={file}");
            await connection.OpenAsync(Cancellation);
            var differences = SchemaComparer.Compare(model, await SchemaReaders.FromSqliteAsync(connection, Cancellation));
            Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));

            await using var store = new SqliteConnection($"Data Source={SqliteFiles.JobStoreOf(file)}");
            await store.OpenAsync(Cancellation);
            var jobStore = (await SchemaReaders.FromSqliteAsync(store, Cancellation)).Tables.Keys.Select(t => t.ToLowerInvariant()).ToHashSet();
            Assert.All(DatabaseSchema.JobStoreTables, table => Assert.Contains(table, jobStore));
            await using var command = store.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME LIKE 'reminders-every%' OR TRIGGER_NAME LIKE 'webhooks-every%'";
            Assert.Equal(2L, await command.ExecuteScalarAsync(Cancellation));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            SqliteFiles.Delete(file);
        }
    }

    /// <summary>
    /// The application's SQLite writers take turns on an in-process gate that Quartz's connections do not pass through
    /// (docs/decisions/0011-durability-and-write-path.md). Had Quartz's store shared their file, each of its writes would
    /// hold the file's only write lock while a request held the turn, and every queued writer would wait out the
    /// driver's busy retries. Here Quartz's store, wherever it is kept, holds its write lock, and a registration still
    /// completes.
    /// </summary>
    [Fact]
    public async Task A_registration_completes_while_the_job_store_holds_its_write_lock_on_sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"clinicops-jobstore-lock-{Guid.NewGuid():N}.db");
        try
        {
            await using var api = new ApiFactory(DatabaseProvider.Sqlite, $"Data Source={file};Default Timeout=30");
            var site = await api.CreateSiteAsync();
            using var desk = api.ClientFor(Role.FrontDesk, site);

            await using var store = new SqliteConnection($"Data Source={await FindJobStoreAsync(file)}");
            await store.OpenAsync(Cancellation);
            await using var begin = store.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync(Cancellation);

            // Bounded only so that a registration stuck behind the lock fails the test instead of hanging it.
            using var stuck = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            stuck.CancelAfter(TimeSpan.FromSeconds(20));
            using var registered = await desk.PostAsync("/api/v1/patients", Http.Json(Http.ValidPatient(site).ToJsonString()), stuck.Token);
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

            await using var rollback = store.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(Cancellation);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            SqliteFiles.Delete(file);
        }
    }

    /// <summary>The SQLite file, the database's own or one beside it, in which Quartz keeps its triggers.</summary>
    private static async Task<string> FindJobStoreAsync(string databaseFile)
    {
        var candidates = Directory.GetFiles(Path.GetDirectoryName(databaseFile)!, $"{Path.GetFileNameWithoutExtension(databaseFile)}*.db");
        foreach (var candidate in candidates)
        {
            await using var connection = new SqliteConnection($"Data Source={candidate};Mode=ReadOnly");
            await connection.OpenAsync(Cancellation);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND lower(name) = 'qrtz_triggers'";
            if ((long)(await command.ExecuteScalarAsync(Cancellation))! == 1)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No SQLite file beside {databaseFile} holds Quartz's store.");
    }

    [Fact]
    public async Task Quartz_provisions_its_job_store_on_first_start_beside_exactly_the_model_schema_on_postgres()
    {
        var connectionString = await server.CreateDatabaseAsync("jobstore");
        var model = await StartAsync(DatabaseProvider.Postgres, connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        try
        {
            AssertJobStoreBesideTheModel(model, await SchemaReaders.FromPostgresAsync(connection, Cancellation));
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_name LIKE 'reminders-every%' OR trigger_name LIKE 'webhooks-every%'";
            Assert.Equal(2L, await command.ExecuteScalarAsync(Cancellation));
        }
        finally
        {
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private static async Task<DatabaseSchema> StartAsync(DatabaseProvider provider, string connectionString)
    {
        await using var api = new ApiFactory(provider, connectionString);
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", Cancellation)).StatusCode);
        await using var scope = api.Services.CreateAsyncScope();
        return SchemaReaders.FromModel(scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>());
    }

    private static void AssertJobStoreBesideTheModel(DatabaseSchema model, DatabaseSchema database)
    {
        var jobStore = database.Tables.Keys.Where(DatabaseSchema.IsJobStoreTable).Select(t => t.ToLowerInvariant()).ToHashSet();
        Assert.All(DatabaseSchema.JobStoreTables, table => Assert.Contains(table, jobStore));
        Assert.DoesNotContain(model.Tables.Keys, DatabaseSchema.IsJobStoreTable);
        var differences = SchemaComparer.Compare(model, database.WithoutJobStore());
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }
}
