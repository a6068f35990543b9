using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>On SQLite a request is lent a connection that is already open (docs/decisions/0019-sqlite-statement-cache.md).</summary>
public sealed class SharedConnectionTestsOnSqlite(SqliteApiFixture fixture) : SharedConnectionTests(fixture, opensPerRental: 0), IClassFixture<SqliteApiFixture>;

public sealed class SharedConnectionTestsOnPostgres(PostgresApiFixture fixture) : SharedConnectionTests(fixture, opensPerRental: 1), IClassFixture<PostgresApiFixture>;

/// <summary>
/// The hot reads run their queries on one opened connection (IClinicOpsDbContext.OnOneConnectionAsync), not one open
/// per query: each open re-registers EF's functions on SQLite and takes and resets a pooled connector on PostgreSQL.
/// Observed through EF's own diagnostic events, per rental of the pooled context.
/// </summary>
public abstract class SharedConnectionTests(ApiFixture fixture, int opensPerRental)
{
    private ApiFactory Api => fixture.Api;

    [Fact]
    public async Task The_day_sheet_runs_its_two_queries_on_one_open_of_the_connection()
    {
        var (site, _) = await Api.ClinicAsync(chairs: 2);
        using var nurse = Api.ClientFor(Role.Nurse, site);
        string database;
        await using (var scope = Api.Services.CreateAsyncScope())
        {
            var connection = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>().Database.GetDbConnection();
            database = $"{connection.DataSource}/{connection.Database}";
        }

        using var recorder = new ConnectionRecorder(database);
        var response = await nurse.GetAsync($"/api/v1/sites/{site}/day-sheet?date=2026-11-30");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The rental that read the day's appointments also read the site and its chairs, and opened its connection once
        // (on SQLite not at all: the connection it was lent is open).
        var daySheet = Assert.Single(recorder.Rentals.Values, r => r.Commands.Any(c => c.Contains("\"Appointments\"", StringComparison.Ordinal)));
        Assert.Equal(2, daySheet.Commands.Count);
        Assert.Equal(opensPerRental, daySheet.Opens);
    }

    private sealed class Rental
    {
        public int Opens;

        public ConcurrentQueue<string> Commands { get; } = new();
    }

    /// <summary>EF's connection-opened and command-executed events of one database, grouped by context rental.</summary>
    private sealed class ConnectionRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _database;
        private readonly IDisposable _allListeners;
        private readonly ConcurrentBag<IDisposable> _subscriptions = [];

        public ConnectionRecorder(string database)
        {
            _database = database;
            _allListeners = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public ConcurrentDictionary<DbContextId, Rental> Rentals { get; } = new();

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            switch (value.Value)
            {
                case ConnectionEndEventData opened when value.Key == RelationalEventId.ConnectionOpened.Name && Ours(opened.Connection):
                    Interlocked.Increment(ref Rentals.GetOrAdd(opened.Context!.ContextId, _ => new Rental()).Opens);
                    break;
                case CommandExecutedEventData executed when value.Key == RelationalEventId.CommandExecuted.Name && Ours(executed.Connection):
                    Rentals.GetOrAdd(executed.Context!.ContextId, _ => new Rental()).Commands.Enqueue(executed.Command.CommandText);
                    break;
            }
        }

        private bool Ours(System.Data.Common.DbConnection connection) => $"{connection.DataSource}/{connection.Database}" == _database;

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _allListeners.Dispose();
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }
    }
}
