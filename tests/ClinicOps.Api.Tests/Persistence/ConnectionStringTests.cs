using ClinicOps.Infrastructure;
using Npgsql;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// PostgreSQL statements are prepared, each instance's pool is capped and a connection going back to the pool is not reset by default, and an operator's own settings win
/// (docs/decisions/0016-pooled-db-context.md).
/// </summary>
public sealed class ConnectionStringTests
{
    [Fact]
    public void A_postgres_connection_string_without_these_settings_gets_the_defaults()
    {
        var resolved = new NpgsqlConnectionStringBuilder(DependencyInjection.WithPostgresDefaults("Host=db;Database=clinicops;Username=app"));

        Assert.Equal(DependencyInjection.DefaultMaxAutoPrepare, resolved.MaxAutoPrepare);
        Assert.Equal(DependencyInjection.DefaultMaxPoolSize, resolved.MaxPoolSize);
        Assert.True(resolved.NoResetOnClose);
        Assert.Equal(Math.Max(8, 4 * Environment.ProcessorCount), DependencyInjection.DefaultMaxPoolSize);
        Assert.Equal("db", resolved.Host);
        Assert.Equal("clinicops", resolved.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=5", 5)]
    [InlineData("Host=db;max auto prepare=12", 12)]
    public void An_operators_preparation_setting_is_kept(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DependencyInjection.WithPostgresDefaults(connectionString)).MaxAutoPrepare);

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=100", 100)]
    [InlineData("Host=db;MaxPoolSize=3", 3)]
    [InlineData("Host=db;maxpoolsize=50", 50)]
    public void An_operators_pool_size_is_kept(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DependencyInjection.WithPostgresDefaults(connectionString)).MaxPoolSize);

    [Theory]
    [InlineData("Host=db;No Reset On Close=false", false)]
    [InlineData("Host=db;NoResetOnClose=False", false)]
    public void An_operators_reset_on_close_setting_is_kept(string connectionString, bool expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DependencyInjection.WithPostgresDefaults(connectionString)).NoResetOnClose);
}
