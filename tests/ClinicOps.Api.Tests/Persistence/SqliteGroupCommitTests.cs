using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// Group commit on SQLite (docs/decisions/0020-sqlite-group-commit.md): a write is answered only after an fsync of the
/// write-ahead log that began after its commit, and the writers that commit meanwhile share the next fsync. The flush
/// is replaced by one the test holds, so what waits for what is observed, never timed.
/// </summary>
public sealed class SqliteGroupCommitTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_commit_made_while_a_flush_runs_waits_for_the_next_flush_which_serves_every_commit_made_meanwhile()
    {
        var flush = new HeldFlush();
        var groupCommit = SqliteGroupCommit.WithFlush(flush.Run);

        var first = groupCommit.DurableAsync();
        await flush.StartedAsync();
        var meanwhile = Enumerable.Range(0, 10).Select(_ => groupCommit.DurableAsync()).ToList();

        flush.ReleaseOne();
        await first;
        await flush.StartedAsync();
        Assert.All(meanwhile, commit => Assert.False(commit.IsCompleted, "a flush that began before the commit does not make it durable"));

        flush.ReleaseOne();
        await Task.WhenAll(meanwhile);
        Assert.Equal(2, flush.Count);
    }

    [Fact]
    public async Task A_failed_flush_fails_the_commits_that_waited_for_it_and_the_next_commit_gets_a_flush_of_its_own()
    {
        var calls = 0;
        var groupCommit = SqliteGroupCommit.WithFlush(() =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new IOException("fsync failed");
            }
        });

        await Assert.ThrowsAsync<IOException>(groupCommit.DurableAsync);
        await groupCommit.DurableAsync();
        Assert.Equal(2, calls);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=clinic;Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=file:clinic.db?mode=rwc")]
    public async Task A_database_without_a_log_file_of_known_path_keeps_the_drivers_full_sync_and_never_waits(string connectionString)
    {
        var groupCommit = SqliteGroupCommit.For(connectionString);

        Assert.False(groupCommit.IsActive);
        Assert.True(groupCommit.DurableAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_flush_of_a_real_file_syncs_its_log_and_a_file_whose_log_was_checkpointed_away_needs_none()
    {
        var file = Path.Combine(Path.GetTempPath(), $"clinicops-groupcommit-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={file};Pooling=False";
        var groupCommit = SqliteGroupCommit.For(connectionString);
        try
        {
            Assert.True(groupCommit.IsActive);
            await using (var connection = new SqliteConnection(connectionString))
            {
                await connection.OpenAsync(Cancellation);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);";
                await command.ExecuteNonQueryAsync(Cancellation);
                Assert.True(File.Exists(file + "-wal"));
                await groupCommit.DurableAsync();
            }

            // The last connection closed: SQLite checkpointed the log into the database file and deleted it.
            Assert.False(File.Exists(file + "-wal"));
            await groupCommit.DurableAsync();
        }
        finally
        {
            SqliteFiles.Delete(file);
        }
    }

    [Fact]
    public async Task The_contexts_connections_leave_the_fsync_to_group_commit()
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        Assert.True(scope.ServiceProvider.GetRequiredService<SqliteGroupCommit>().IsActive);
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        await db.Database.OpenConnectionAsync(Cancellation);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            Assert.Equal(1L, await command.ExecuteScalarAsync(Cancellation)); // NORMAL
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [Fact]
    public async Task A_registration_is_answered_only_after_the_flush_that_follows_its_commit_and_another_writer_commits_meanwhile()
    {
        var flush = new HeldFlush { Armed = false };
        await using var api = fixture.Api.WithWebHostBuilder(builder => builder.ConfigureTestServices(
            services => services.AddSingleton(SqliteGroupCommit.WithFlush(flush.Run))));
        var siteId = await fixture.Api.CreateSiteAsync();
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", fixture.Api.MintToken("group-commit-desk", [Role.FrontDesk], [siteId]));
        flush.Armed = true;

        var first = client.PostAsync("/api/v1/patients", Http.Json(Http.ValidPatient(siteId, familyName: "Firstcommit").ToJsonString()), Cancellation);
        await flush.StartedAsync();
        Assert.Equal(1, await CountPatientsAsync(siteId, "Firstcommit"));
        Assert.False(first.IsCompleted, "the registration was answered before its commit was flushed");

        // The first writer gave up the write turn when it committed: a second one commits while that flush runs.
        var second = client.PostAsync("/api/v1/patients", Http.Json(Http.ValidPatient(siteId, familyName: "Secondcommit").ToJsonString()), Cancellation);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await CountPatientsAsync(siteId, "Secondcommit") == 0)
        {
            Assert.False(second.IsCompleted);
            Assert.True(DateTime.UtcNow < deadline, "the second registration did not commit while the first one's flush ran");
            await Task.Yield();
        }

        flush.ReleaseOne();
        Assert.Equal(HttpStatusCode.Created, (await first).StatusCode);
        await flush.StartedAsync();
        Assert.False(second.IsCompleted, "the second commit came after the first flush began, so only the next one covers it");
        flush.ReleaseOne();
        Assert.Equal(HttpStatusCode.Created, (await second).StatusCode);
    }

    private async Task<long> CountPatientsAsync(Guid siteId, string familyName)
    {
        await using var connection = new SqliteConnection(fixture.ConnectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Patients WHERE SiteId = $site AND FamilyName = $family";
        command.Parameters.AddWithValue("$site", siteId.ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$family", familyName);
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    /// <summary>A flush that, while armed, reports that it began and then waits until the test lets one flush finish.</summary>
    private sealed class HeldFlush
    {
        private readonly Channel<int> _started = Channel.CreateUnbounded<int>();
        private readonly SemaphoreSlim _release = new(0);
        private int _count;

        public volatile bool Armed = true;

        public int Count => Volatile.Read(ref _count);

        public void Run()
        {
            if (!Armed)
            {
                return;
            }

            _started.Writer.TryWrite(Interlocked.Increment(ref _count));
            _release.Wait(TimeSpan.FromSeconds(30));
        }

        public async Task StartedAsync() => await _started.Reader.ReadAsync(Cancellation).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Cancellation);

        public void ReleaseOne() => _release.Release();
    }
}
