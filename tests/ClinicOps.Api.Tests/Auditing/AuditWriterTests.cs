using ClinicOps.Api.Tests.Harness;
using ClinicOps.Domain.Auditing;
using ClinicOps.Infrastructure.Auditing;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicOps.Api.Tests.Auditing;

/// <summary>
/// Read audits queue in a bounded queue (docs/decisions/0011-durability-and-write-path.md): when the writer cannot keep
/// up, reads wait for room instead of the backlog, and what a crash could lose, growing without bound.
/// </summary>
public sealed class AuditWriterTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_wait_for_room_once_the_queue_is_full_and_every_entry_queued_is_then_stored()
    {
        var writer = fixture.Api.Services.GetRequiredService<AuditWriter>();
        var subject = $"bounded-{Guid.NewGuid():N}";
        var context = new AuditContext(subject, [], [], "test", null, "GET /test");
        var now = fixture.Api.Clock.GetUtcNow();
        // More than the queue and one batch in the writer's hands can hold while the writer cannot store anything.
        var entries = Enumerable.Range(0, AuditWriter.Capacity + 2_100)
            .Select(i => AuditEntry.Record(context, now, AuditAction.Read, AuditOutcome.Success, new AuditTarget("Patient", i.ToString(), null, null)))
            .ToList();

        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var held = await scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>().BeginWriteTransactionAsync(Cancellation);
        ValueTask enqueue;
        try
        {
            enqueue = writer.EnqueueAsync(entries);
            Assert.False(enqueue.IsCompleted, "with the writer stalled, the read must wait for room in the queue");
        }
        finally
        {
            await held.DisposeAsync();
        }

        await enqueue;
        await writer.FlushAsync(Cancellation);
        await using var check = fixture.Api.Services.CreateAsyncScope();
        var stored = await check.ServiceProvider.GetRequiredService<ClinicOpsDbContext>().AuditEntries.IgnoreQueryFilters()
            .CountAsync(e => e.Subject == subject, Cancellation);
        Assert.Equal(entries.Count, stored);
    }
}
