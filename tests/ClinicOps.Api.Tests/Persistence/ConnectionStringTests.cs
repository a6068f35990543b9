using ClinicOps.Infrastructure;
using Npgsql;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>PostgreSQL statements are prepared by default, and an operator's own setting wins (docs/decisions/0016-pooled-db-context.md).</summary>
public sealed class ConnectionStringTests
{
    [Fact]
    public void A_postgres_connection_string_without_a_preparation_setting_gets_the_default()
    {
        var resolved = new NpgsqlConnectionStringBuilder(DependencyInjection.WithStatementPreparation("Host=db;Database=clinicops;Username=app"));

        Assert.Equal(DependencyInjection.DefaultMaxAutoPrepare, resolved.MaxAutoPrepare);
        Assert.Equal("db", resolved.Host);
        Assert.Equal("clinicops", resolved.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=5", 5)]
    [InlineData("Host=db;max auto prepare=12", 12)]
    public void An_operators_preparation_setting_is_kept(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DependencyInjection.WithStatementPreparation(connectionString)).MaxAutoPrepare);
}
