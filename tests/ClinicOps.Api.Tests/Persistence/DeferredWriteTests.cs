using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Idempotency;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// SQLite's request transaction begins at its first write (docs/decisions/0011-durability-and-write-path.md): its reads
/// run beside another request's write turn, its writes wait for that turn, and nothing writes outside it.
/// </summary>
public sealed class DeferredWriteTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deferred_transaction_reads_while_another_holds_the_write_turn_and_writes_only_after_it_ends()
    {
        await using var holderScope = fixture.Api.Services.CreateAsyncScope();
        await using var requestScope = fixture.Api.Services.CreateAsyncScope();
        var holder = holderScope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        var request = requestScope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        var key = $"deferred-{Guid.NewGuid():N}";

        var held = await holder.BeginWriteTransactionAsync(Cancellation);
        Task<IDbContextTransaction> begin;
        Task<int> save;
        int before;
        try
        {
            begin = request.BeginDeferredWriteTransactionAsync(Cancellation);
            Assert.True(begin.IsCompleted, "a deferred transaction must not wait for the write turn to begin");
            before = await request.Set<IdempotencyRecord>().CountAsync(r => r.Key == key, Cancellation);
            request.Set<IdempotencyRecord>().Add(Record(key));
            save = request.SaveChangesAsync(Cancellation);
            Assert.False(save.IsCompleted, "the write must wait for the turn the other transaction holds");
        }
        finally
        {
            await held.DisposeAsync();
        }

        await using var transaction = await begin;
        await save;
        await transaction.CommitAsync(Cancellation);
        Assert.Equal(0, before);
        Assert.Equal(1, await CountAsync(key));
    }

    [Fact]
    public async Task A_deferred_transaction_ended_without_a_write_commits_nothing_and_frees_nothing_it_never_took()
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();

        await using (var transaction = await db.BeginDeferredWriteTransactionAsync(Cancellation))
        {
            await db.Set<IdempotencyRecord>().CountAsync(Cancellation);
            await transaction.CommitAsync(Cancellation);
        }

        // The turn is free: an ordinary write transaction gets it at once.
        await using var next = await db.BeginWriteTransactionAsync(Cancellation);
        Assert.NotNull(db.Database.CurrentTransaction);
    }

    [Fact]
    public async Task A_write_statement_before_the_deferred_transaction_began_is_refused_and_runs_once_it_began()
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        var key = $"guard-{Guid.NewGuid():N}";
        db.Set<IdempotencyRecord>().Add(Record(key));
        await db.SaveChangesAsync(Cancellation);
        db.ChangeTracker.Clear();

        await using (var transaction = await db.BeginDeferredWriteTransactionAsync(Cancellation))
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(
                () => db.Set<IdempotencyRecord>().Where(r => r.Key == key).ExecuteDeleteAsync(Cancellation));
            Assert.Contains("StartDeferredWriteAsync", refused.Message, StringComparison.Ordinal);
            Assert.Equal(1, await CountAsync(key));

            await db.StartDeferredWriteAsync(Cancellation);
            await db.Set<IdempotencyRecord>().Where(r => r.Key == key).ExecuteDeleteAsync(Cancellation);
            await transaction.CommitAsync(Cancellation);
        }

        Assert.Equal(0, await CountAsync(key));
    }

    [Fact]
    public async Task A_deferred_transaction_disposed_after_its_first_write_rolls_it_back()
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        var key = $"rollback-{Guid.NewGuid():N}";

        await using (await db.BeginDeferredWriteTransactionAsync(Cancellation))
        {
            db.Set<IdempotencyRecord>().Add(Record(key));
            await db.SaveChangesAsync(Cancellation);
        }

        Assert.Equal(0, await CountAsync(key));
    }

    private async Task<int> CountAsync(string key)
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        return await db.Set<IdempotencyRecord>().CountAsync(r => r.Key == key, Cancellation);
    }

    private IdempotencyRecord Record(string key) => new()
    {
        Subject = "deferred-write-test",
        Key = key,
        Operation = "POST /test",
        RequestHash = "0",
        State = IdempotencyState.Completed,
        ClaimedAt = fixture.Api.Clock.GetUtcNow(),
        ExpiresAt = fixture.Api.Clock.GetUtcNow() + IdempotencyStore.Retention,
    };
}
