using System.Net;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// The schema-drift rules once the API has started on a database: Quartz has provisioned its job store (QRTZ_* tables)
/// next to the migrated schema, and stores its triggers there; the rest is still exactly the model.
/// </summary>
public sealed class JobStoreSchemaTests(PostgresServer server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Quartz_provisions_its_job_store_on_first_start_beside_exactly_the_model_schema_on_sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"clinicops-jobstore-{Guid.NewGuid():N}.db");
        try
        {
            var model = await StartAsync(DatabaseProvider.Sqlite, $"Data Source={file};Default Timeout=30");
            await using var connection = new SqliteConnection($"Data Source={file}");
            await connection.OpenAsync(Cancellation);
            AssertJobStoreBesideTheModel(model, await SchemaReaders.FromSqliteAsync(connection, Cancellation));
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME LIKE 'reminders-every%' OR TRIGGER_NAME LIKE 'webhooks-every%'";
            Assert.Equal(2L, await command.ExecuteScalarAsync(Cancellation));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }
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
