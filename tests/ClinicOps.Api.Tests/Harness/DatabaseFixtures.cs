using ClinicOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

[assembly: AssemblyFixture(typeof(ClinicOps.Api.Tests.Harness.PostgresServer))]

namespace ClinicOps.Api.Tests.Harness;

/// <summary>One API with its own fresh database per test class; the provider is chosen by the subclass.</summary>
public abstract class ApiFixture : IAsyncLifetime
{
    private ApiFactory? _factory;

    public ApiFactory Api => _factory ?? throw new InvalidOperationException("Fixture not initialised.");

    /// <summary>The fixture's database, for tests that start a second API instance on it.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public abstract DatabaseProvider Provider { get; }

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        _factory = new ApiFactory(Provider, ConnectionString, Settings);
        _ = _factory.Server; // starts the host and applies migrations before the first test
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    protected abstract Task<string> CreateDatabaseAsync();
}

public class SqliteApiFixture : ApiFixture
{
    private string? _file;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync()
    {
        _file = Path.Combine(Path.GetTempPath(), $"clinicops-test-{Guid.NewGuid():N}.db");
        return Task.FromResult($"Data Source={_file};Default Timeout=30");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_file is not null)
        {
            SqliteFiles.Delete(_file);
        }
    }
}

public class PostgresApiFixture(PostgresServer server) : ApiFixture
{
    private string? _connectionString;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string> CreateDatabaseAsync() =>
        _connectionString = await server.CreateDatabaseAsync("clinicops_test");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_connectionString is not null)
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(_connectionString));
        }
    }
}
