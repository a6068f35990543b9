using System.Data.Common;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SQLitePCL;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// On SQLite, requests borrow open connections that keep the statements EF Core runs prepared
/// (docs/decisions/0019-sqlite-statement-cache.md): a statement is compiled once per connection, each execution binds its
/// own parameters, and a connection goes back to be lent again only outside any transaction and with no reader open.
/// SQLite only: PostgreSQL's statements are prepared by Npgsql (Max Auto Prepare).
/// </summary>
public sealed class SqliteStatementCacheTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>, IDisposable
{
    private readonly SqliteConnectionLeases _leases = new(fixture.ConnectionString, new SqliteConnectionSettings(SqliteGroupCommit.None));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_statement_run_again_is_not_compiled_again_and_binds_the_parameters_of_each_run()
    {
        await OnLeasedAsync(async connection =>
        {
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT @value * 1;", ("@value", 1)));
            Assert.Equal(2L, await ScalarAsync(connection, "SELECT @value * 1;", ("@value", 2)));
            Assert.Equal(3L, await ScalarAsync(connection, "SELECT @value * 1;", ("@value", 3)));

            Assert.Equal(1, connection.Prepares);
            Assert.Equal(2, connection.Reuses);
        });
    }

    [Fact]
    public async Task Statements_other_than_queries_are_prepared_for_their_run_only_and_still_bind_their_parameters()
    {
        await OnLeasedAsync(async connection =>
        {
            await ScalarAsync(connection, "CREATE TEMP TABLE written (x);");
            await ScalarAsync(connection, "INSERT INTO written VALUES (@value);", ("@value", 7));
            await ScalarAsync(connection, "INSERT INTO written VALUES (@value);", ("@value", 8));

            // One command run for several rows, as the audit writer does, rebinds the same statement.
            await using (var insert = Command(connection, "INSERT INTO written VALUES (@value);", ("@value", 0)))
            {
                foreach (var value in new[] { 100, 200 })
                {
                    insert.Parameters[0].Value = value;
                    await insert.ExecuteNonQueryAsync(Cancellation);
                }
            }

            Assert.Equal(0, connection.Prepares);
            Assert.Equal(315L, await ScalarAsync(connection, "SELECT sum(x) FROM written;"));
            Assert.Equal(1, connection.Prepares);
        });
    }

    [Fact]
    public async Task A_connection_given_back_clean_is_lent_again_with_its_statements_prepared()
    {
        var connection = _leases.Rent();
        Assert.Equal(4L, await ScalarAsync(connection, "SELECT @value + 1;", ("@value", 3)));
        _leases.Return(connection);

        var again = _leases.Rent();
        try
        {
            Assert.Same(connection, again);
            Assert.Equal(5L, await ScalarAsync(again, "SELECT @value + 1;", ("@value", 4)));
            Assert.Equal(1, again.Prepares);
            Assert.Equal(1, again.Reuses);
        }
        finally
        {
            _leases.Return(again);
        }
    }

    [Fact]
    public async Task A_statement_run_while_the_same_statement_is_still_being_read_gets_a_command_of_its_own()
    {
        await OnLeasedAsync(async connection =>
        {
            const string TwoRows = "SELECT @value UNION ALL SELECT @value + 1;";
            await using var outer = Command(connection, TwoRows, ("@value", 10));
            await using var outerReader = await outer.ExecuteReaderAsync(Cancellation);
            Assert.True(await outerReader.ReadAsync(Cancellation));

            Assert.Equal(20L, await ScalarAsync(connection, TwoRows, ("@value", 20)));

            Assert.Equal(10L, outerReader.GetInt64(0));
            Assert.True(await outerReader.ReadAsync(Cancellation));
            Assert.Equal(11L, outerReader.GetInt64(0));
            Assert.Equal(2, connection.Prepares);
        });
    }

    [Fact]
    public async Task Past_its_capacity_the_cache_starts_again_and_a_statement_still_being_read_is_kept_until_its_reader_closes()
    {
        await OnLeasedAsync(async connection =>
        {
            await using var outer = Command(connection, "SELECT 1 UNION ALL SELECT 2;");
            await using (var outerReader = await outer.ExecuteReaderAsync(Cancellation))
            {
                Assert.True(await outerReader.ReadAsync(Cancellation));
                for (var i = 0; i < StatementCachingSqliteConnection.Capacity + 5; i++)
                {
                    Assert.Equal((long)i, await ScalarAsync(connection, $"SELECT {i};"));
                }

                Assert.True(await outerReader.ReadAsync(Cancellation));
                Assert.Equal(2L, outerReader.GetInt64(0));
                Assert.False(connection.AllReadersClosed);
            }

            // The outer statement survived the restart and is reused; one of the first texts was dropped and is compiled again.
            var prepares = connection.Prepares;
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT 1 UNION ALL SELECT 2;"));
            Assert.Equal(prepares, connection.Prepares);
            Assert.Equal(0L, await ScalarAsync(connection, "SELECT 0;"));
            Assert.Equal(prepares + 1, connection.Prepares);
            Assert.True(connection.AllReadersClosed);
        });
    }

    [Fact]
    public async Task A_connection_given_back_inside_a_transaction_is_closed_and_never_lent_again()
    {
        var connection = _leases.Rent();
        await using (var transaction = await connection.BeginTransactionAsync(Cancellation))
        {
            _leases.Return(connection);
        }

        AssertClosedAndNeverLentAgain(connection);
    }

    [Fact]
    public async Task A_connection_given_back_with_a_reader_open_is_closed_and_never_lent_again()
    {
        var connection = _leases.Rent();
        await using var command = Command(connection, "SELECT 1 UNION ALL SELECT 2;");
        var reader = await command.ExecuteReaderAsync(Cancellation);
        Assert.True(await reader.ReadAsync(Cancellation));

        _leases.Return(connection);

        AssertClosedAndNeverLentAgain(connection);
    }

    private void AssertClosedAndNeverLentAgain(StatementCachingSqliteConnection connection)
    {
        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
        var next = _leases.Rent();
        Assert.NotSame(connection, next);
        _leases.Return(next);
    }

    [Fact]
    public async Task A_leased_connection_has_the_functions_EF_Core_translates_decimal_arithmetic_and_comparison_to()
    {
        await OnLeasedAsync(async connection =>
        {
            Assert.Equal(-1L, await ScalarAsync(connection, "SELECT ef_compare('0.35', '0.5');"));
            Assert.Equal("3.5", await ScalarAsync(connection, "SELECT ef_multiply('0.5', '7');"));
        });
    }

    [Fact]
    public async Task A_request_scope_runs_on_a_lent_connection_and_a_transaction_it_leaves_open_is_rolled_back_when_it_ends()
    {
        StatementCachingSqliteConnection lent;
        await using (var scope = fixture.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
            lent = Assert.IsType<StatementCachingSqliteConnection>(db.Database.GetDbConnection());
            _ = await db.Sites.CountAsync(Cancellation);
            var reusesBefore = lent.Reuses;
            _ = await db.Sites.CountAsync(Cancellation);
            Assert.Equal(reusesBefore + 1, lent.Reuses);

            // A transaction that never commits, with a change only this connection can see.
            _ = await db.Database.BeginTransactionAsync(Cancellation);
            await db.Database.ExecuteSqlRawAsync("CREATE TEMP TABLE abandoned (x);", Cancellation);
        }

        // The connection is open and out of the transaction, whose change is gone.
        Assert.Equal(System.Data.ConnectionState.Open, lent.State);
        Assert.NotEqual(0, raw.sqlite3_get_autocommit(lent.Handle));
        await using var check = lent.CreateCommand();
        check.CommandText = "SELECT count(*) FROM sqlite_temp_master WHERE name = 'abandoned';";
        Assert.Equal(0L, await check.ExecuteScalarAsync(Cancellation));
    }

    /// <summary>Runs <paramref name="test"/> on a leased connection and gives it back, however the test ends.</summary>
    private async Task OnLeasedAsync(Func<StatementCachingSqliteConnection, Task> test)
    {
        var connection = _leases.Rent();
        try
        {
            await test(connection);
        }
        finally
        {
            _leases.Return(connection);
        }
    }

    private static DbCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        // Created the way EF Core creates commands: through DbConnection, which a statement-caching connection answers.
        var command = ((DbConnection)connection).CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(Cancellation);
    }

    public void Dispose() => _leases.Dispose();
}
