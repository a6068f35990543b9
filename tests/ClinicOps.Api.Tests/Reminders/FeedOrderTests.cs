using ClinicOps.Api.Tests.Harness;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Events;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static ClinicOps.Api.Tests.Reminders.RemindersHarness;

namespace ClinicOps.Api.Tests.Reminders;

/// <summary>
/// On PostgreSQL identity values are handed out at insert, not commit. The outbox keeps a site's feed in commit order
/// (a per-site advisory lock), so a reader resuming after sequence N never skips an event committed later with a
/// lower sequence.
/// </summary>
public sealed class FeedOrderTests(PostgresServer server)
{
    [Fact]
    public async Task A_second_writer_of_a_sites_events_waits_for_the_first_to_commit_so_sequences_commit_in_order_on_postgres()
    {
        var connectionString = await server.CreateDatabaseAsync("feedorder");
        await using var api = new ApiFactory(Infrastructure.Persistence.DatabaseProvider.Postgres, connectionString, NoJobs);
        var site = await api.CreateSiteAsync();

        await using var firstScope = api.Services.CreateAsyncScope();
        firstScope.ServiceProvider.GetRequiredService<ActorContext>().ActAs(new SystemActor("test", site));
        var first = firstScope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        await using var firstTransaction = await first.Database.BeginTransactionAsync();
        var early = new OutboxEvent(site, null, EventTypes.AppointmentBooked, Guid.NewGuid(), api.Clock.GetUtcNow(), "{}");
        first.OutboxEvents.Add(early);
        await first.SaveChangesAsync();

        await using var secondScope = api.Services.CreateAsyncScope();
        secondScope.ServiceProvider.GetRequiredService<ActorContext>().ActAs(new SystemActor("test", site));
        var second = secondScope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        var late = new OutboxEvent(site, null, EventTypes.AppointmentBooked, Guid.NewGuid(), api.Clock.GetUtcNow(), "{}");
        second.OutboxEvents.Add(late);
        var secondSave = second.SaveChangesAsync();

        // The second writer is seen waiting for the site's lock while the first transaction is open.
        await using (var monitor = new NpgsqlConnection(connectionString))
        {
            await monitor.OpenAsync();
            using var within = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (true)
            {
                Assert.False(secondSave.IsCompleted, "the second writer did not wait for the first one's commit");
                await using var waiting = new NpgsqlCommand("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", monitor);
                if ((long)(await waiting.ExecuteScalarAsync(within.Token))! > 0)
                {
                    break;
                }

                await Task.Delay(20, within.Token);
            }

            NpgsqlConnection.ClearPool(monitor);
        }

        await firstTransaction.CommitAsync();
        await secondSave;
        Assert.True(late.Sequence > early.Sequence);

        await using var readScope = api.Services.CreateAsyncScope();
        readScope.ServiceProvider.GetRequiredService<ActorContext>().ActAs(new SystemActor("test", site));
        var read = readScope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        Assert.Equal([early.Id, late.Id], await read.OutboxEvents.Where(e => e.SiteId == site).OrderBy(e => e.Sequence).Select(e => e.Id).ToListAsync());
    }
}
