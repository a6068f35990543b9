using System.Diagnostics;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Domain.Reminders;
using ClinicOps.Domain.Webhooks;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static ClinicOps.Api.Tests.Reminders.RemindersHarness;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.Reminders;

/// <summary>
/// The delivery guarantees with real processes and real time, loopback only and bounded (generously: the machine is
/// shared, and a loaded one starts processes slowly; when all is well each test takes well under a minute): a process killed with SIGKILL
/// while reminders are due loses nothing and sends nothing twice once started again; two clustered instances on one
/// PostgreSQL deliver every reminder exactly once.
/// </summary>
public sealed class CrashAndClusterTests(PostgresServer server)
{
    private const int Sessions = 6;
    private const int RemindersPerSession = 3; // 48 h and 24 h before, and the PHQ-9 self-report


    /// <summary>
    /// Books <see cref="Sessions"/> sessions (one patient each) on a weekday a few days after <paramref name="dueBy"/>, at
    /// a site whose reminders go out 14 and 10 days before (PHQ-9: 7 days), with the API's clock before all of that: at
    /// <paramref name="dueBy"/> every reminder is due and every session still ahead.
    /// </summary>
    private static async Task<Guid> BookDueSessionsAsync(ApiFactory api, DateTimeOffset dueBy, string receiverUrl)
    {
        // Patients are screened on the harness's fixed dates; the bookings are made two weeks before the sessions.
        var (site, chairs) = await api.ClinicAsync(chairs: Sessions / 2);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
            var entity = await db.Sites.SingleAsync(s => s.Id == site);
            entity.SetReminderSettings(ReminderSettings.Default with { AppointmentReminderHoursBefore = [336, 240], Phq9HoursBefore = 168 });
            await db.SaveChangesAsync();
        }

        var courses = new List<Guid>();
        for (var i = 0; i < Sessions; i++)
        {
            var patient = await api.ClearedPatientAsync(site, familyName: $"Crash{i}");
            await api.EnrollInRemsAsync(site, patient);
            courses.Add(await api.CourseAsync(site, patient, EsketamineTrd));
        }

        var day = WeekdayAfter(dueBy, days: 2);

        api.Clock.Set(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-15));
        for (var i = 0; i < Sessions; i++)
        {
            await api.BookOneAsync(site, courses[i], day.ToString("yyyy-MM-dd"), i % 2 == 0 ? "09:00" : "13:00", chairs[i / 2]);
        }

        await api.SubscribeAsync(site, receiverUrl, "reminder.due");
        return site;
    }

    private static Process StartApiProcess(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ClinicOps.Api.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__ConnectionString"] = connectionString;
        start.Environment["Auth__SigningKey"] = ApiFactory.SigningKey;
        start.Environment["Jobs__PollSeconds"] = "1";
        start.Environment["Jobs__DeliveryTimeoutSeconds"] = "1";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    [Fact]
    public async Task An_api_killed_with_SIGKILL_while_reminders_are_due_delivers_every_one_once_after_a_restart_on_sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"clinicops-crash-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={file};Default Timeout=30";
        await using var receiver = await WebhookReceiver.StartAsync();
        Process? running = null;
        try
        {
            await using (var setup = new ApiFactory(DatabaseProvider.Sqlite, connectionString, NoJobs))
            {
                await BookDueSessionsAsync(setup, TimeProvider.System.GetUtcNow(), receiver.Url);
            }

            // The third POST kills the API in the middle of the delivery, before the receiver answers.
            var posts = 0;
            receiver.Answer = (_, _) =>
            {
                if (Interlocked.Increment(ref posts) == 3)
                {
                    running!.Kill(); // SIGKILL
                    return 503;
                }

                return 204;
            };
            running = StartApiProcess(connectionString);
            await running.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
            Assert.True(receiver.Accepted.Count < Sessions * RemindersPerSession, "the process was killed before it delivered everything");

            running = StartApiProcess(connectionString);
            await receiver.WaitUntilAsync(r => r.Accepted.Select(a => a.Id).Distinct().Count() == Sessions * RemindersPerSession, TimeSpan.FromMinutes(3));

            // The last answers reach the receiver a moment before the API stores them.
            await using (var connection = new SqliteConnection(connectionString))
            {
                await connection.OpenAsync();
                using var within = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                while (true)
                {
                    await using var pending = connection.CreateCommand();
                    pending.CommandText = "SELECT COUNT(*) FROM \"WebhookDeliveries\" WHERE \"Status\" <> 'Delivered'";
                    if ((long)(await pending.ExecuteScalarAsync(within.Token))! == 0)
                    {
                        break;
                    }

                    await Task.Delay(100, within.Token);
                }
            }

            running.Kill();
            await running.WaitForExitAsync();

            await using var check = new ApiFactory(DatabaseProvider.Sqlite, connectionString, NoJobs);
            await using var scope = check.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
            var eventIds = (await db.Reminders.IgnoreQueryFilters().Where(r => r.EventId != null).Select(r => r.EventId!.Value).ToListAsync())
                .Select(id => id.ToString()).ToList();
            Assert.Equal(Sessions * RemindersPerSession, eventIds.Count);
            Assert.Equal(eventIds.Order(), receiver.Accepted.Select(a => a.Id).Order());
            Assert.All(await db.WebhookDeliveries.IgnoreQueryFilters().ToListAsync(), d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        }
        finally
        {
            if (running is { HasExited: false })
            {
                running.Kill();
            }

            SqliteConnection.ClearAllPools();
            SqliteFiles.Delete(file);
        }
    }

    [Fact]
    public async Task Two_clustered_instances_on_one_postgres_deliver_every_reminder_exactly_once()
    {
        var connectionString = await server.CreateDatabaseAsync("cluster");
        await using var receiver = await WebhookReceiver.StartAsync();
        var fast = new Dictionary<string, string> { ["Jobs:PollSeconds"] = "1" };
        await using var first = new ApiFactory(DatabaseProvider.Postgres, connectionString, fast);
        await using var second = new ApiFactory(DatabaseProvider.Postgres, connectionString, fast);
        var dueBy = At("2026-12-20T12:00:00Z");
        await BookDueSessionsAsync(first, dueBy, receiver.Url);
        _ = second.Server;

        // Both nodes' clocks jump past every due time and run on with real time: the recurring triggers take over.
        foreach (var api in new[] { first, second })
        {
            api.Clock.Set(dueBy.AddHours(1));
            api.Clock.StartRunning();
        }

        await receiver.WaitUntilAsync(r => r.Accepted.Count >= Sessions * RemindersPerSession, TimeSpan.FromMinutes(3));
        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();

        // The last answers reach the receiver a moment before a node stores them.
        using (var within = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (await db.WebhookDeliveries.IgnoreQueryFilters().AnyAsync(d => d.Status != DeliveryStatus.Delivered, within.Token))
            {
                await Task.Delay(100, within.Token);
            }
        }

        var deliveries = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking().ToListAsync();
        Assert.Equal(Sessions * RemindersPerSession, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((DeliveryStatus.Delivered, 1), (d.Status, d.Attempts)));
        Assert.Equal(Sessions * RemindersPerSession, receiver.Received.Count);
        Assert.Equal(receiver.Received.Count, receiver.Received.Select(r => r.Id).Distinct().Count());

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(DISTINCT instance_name) FROM qrtz_scheduler_state", connection);
        Assert.Equal(2L, await command.ExecuteScalarAsync());
        NpgsqlConnection.ClearPool(connection);
    }
}
