using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Jobs;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.Reminders;

/// <summary>Helpers for the reminder and webhook tests.</summary>
public static class RemindersHarness
{
    /// <summary>
    /// Settings for an API whose recurring triggers stay out of the way: they fire once at start and then only an hour
    /// of the test's clock later, so the tests decide when the jobs run (<see cref="RunJobAsync"/>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ExplicitJobs = new Dictionary<string, string> { ["Jobs:PollSeconds"] = "3600" };

    /// <summary>Settings for the class fixture's own API, which must not run jobs on the tests' databases behind their backs.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoJobs = new Dictionary<string, string> { ["Jobs:Enabled"] = "false" };

    public static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs a job now through Quartz and waits for that run to finish. If it has not finished within a minute, the
    /// failure says what the scheduler's store held at that moment (the job's triggers and their states, the runs in
    /// flight, the nodes) and the API's warnings, rather than only that the wait timed out.
    /// </summary>
    public static async Task RunJobAsync(this ApiFactory api, Quartz.JobKey job)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await api.Services.GetRequiredService<JobRuns>().RunNowAsync(job, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The on-demand run of {job} did not finish within a minute.\n{await SchedulerStateAsync(api, job)}");
        }
    }

    /// <summary>A connection to Quartz's store (QRTZ_* tables): the API's database on PostgreSQL, the file beside it on SQLite.</summary>
    public static async Task<System.Data.Common.DbConnection> OpenSchedulerStoreAsync(this ApiFactory api)
    {
        var database = api.Services.GetRequiredService<DatabaseOptions>();
        System.Data.Common.DbConnection connection = database.Provider == DatabaseProvider.Postgres
            ? new Npgsql.NpgsqlConnection(database.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(JobsServiceCollectionExtensions.SqliteJobStoreConnectionString(database.ConnectionString!));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Quartz stores instants as UTC ticks.</summary>
    public static DateTimeOffset FromQuartzTicks(long ticks) => new(ticks, TimeSpan.Zero);

    private static async Task<string> SchedulerStateAsync(ApiFactory api, Quartz.JobKey job)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"API clock {api.Clock.GetUtcNow():O}; real time {TimeProvider.System.GetUtcNow():O}");
        await using var connection = await api.OpenSchedulerStoreAsync();
        foreach (var sql in new[]
        {
            $"SELECT trigger_name, trigger_state, next_fire_time, prev_fire_time FROM qrtz_triggers WHERE job_name = '{job.Name}'",
            $"SELECT trigger_name, instance_name, state, fired_time FROM qrtz_fired_triggers WHERE job_name = '{job.Name}'",
            "SELECT instance_name, last_checkin_time FROM qrtz_scheduler_state",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                text.AppendLine(string.Join(" | ", values.Select(value => value is long ticks && ticks > 0
                    ? FromQuartzTicks(ticks).ToString("O", CultureInfo.InvariantCulture)
                    : Convert.ToString(value, CultureInfo.InvariantCulture))));
            }
        }

        foreach (var line in api.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)).TakeLast(40))
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    public static Task RunRemindersAsync(this ApiFactory api) => api.RunJobAsync(ReminderJob.Key);

    public static Task RunWebhooksAsync(this ApiFactory api) => api.RunJobAsync(WebhookJob.Key);

    /// <summary>A site with one chair, a cleared and REMS-enrolled patient, and an esketamine course.</summary>
    public static async Task<(Guid Site, Guid Chair, Guid Patient, Guid Course)> PatientWithCourseAsync(this ApiFactory api)
    {
        var (site, chairs) = await api.ClinicAsync(chairs: 1);
        var patient = await api.ClearedPatientAsync(site);
        await api.EnrollInRemsAsync(site, patient);
        var course = await api.CourseAsync(site, patient, EsketamineTrd);
        return (site, chairs[0], patient, course);
    }

    /// <summary>The first weekday at least <paramref name="days"/> days after <paramref name="instant"/> at the harness's sites (America/Chicago).</summary>
    public static DateOnly WeekdayAfter(DateTimeOffset instant, int days)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant.AddDays(days), SiteZone).DateTime);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private static readonly TimeZoneInfo SiteZone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    public static async Task<Guid> BookOneAsync(this ApiFactory api, Guid site, Guid course, string date, string time, Guid chair)
    {
        using var desk = api.ClientFor(Role.FrontDesk, site);
        var booked = await desk.BookAsync(course, Session(date, time, chair));
        Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        return (await booked.Content.ReadFromJsonNodeAsync())[0]!["id"]!.GetValue<Guid>();
    }

    /// <summary>Subscribes the receiver; returns the subscription id and its secret.</summary>
    public static async Task<(Guid Id, string Secret)> SubscribeAsync(this ApiFactory api, Guid site, string url, params string[] eventTypes)
    {
        using var admin = api.ClientFor(Role.ClinicAdmin, site);
        var body = new JsonObject { ["url"] = url, ["eventTypes"] = new JsonArray([.. eventTypes.Select(t => (JsonNode)t)]) };
        var created = await admin.PostAsync($"/api/v1/sites/{site}/webhook-subscriptions", Json(body.ToJsonString()));
        var json = await created.ReadObjectAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, json.ToJsonString());
        return (json["id"]!.GetValue<Guid>(), json["secret"]!.GetValue<string>());
    }

    public static async Task<JsonArray> RemindersOfAsync(this ApiFactory api, Guid site, Guid patient)
    {
        using var desk = api.ClientFor(Role.FrontDesk, site);
        var response = await desk.GetAsync($"/api/v1/patients/{patient}/reminders?pageSize=100");
        var json = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToJsonString());
        return json["items"]!.AsArray();
    }

    public static async Task<JsonArray> EventsAsync(this ApiFactory api, Guid site, long after = 0)
    {
        using var integrator = api.ClientFor(Role.Integrator, site);
        var response = await integrator.GetAsync($"/api/v1/sites/{site}/events?after={after}&limit=500");
        var json = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToJsonString());
        return json["events"]!.AsArray();
    }

    public static async Task<JsonArray> DeliveriesAsync(this ApiFactory api, Guid site, string query = "")
    {
        using var admin = api.ClientFor(Role.ClinicAdmin, site);
        var response = await admin.GetAsync($"/api/v1/sites/{site}/webhook-deliveries?pageSize=100{query}");
        var json = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToJsonString());
        return json["items"]!.AsArray();
    }

    public static string Kind(JsonNode? reminder) => $"{reminder!["kind"]!.GetValue<string>()}/{reminder["label"]!.GetValue<string>()}";
}

public sealed class ReminderSqliteFixture : SqliteApiFixture
{
    protected override IReadOnlyDictionary<string, string>? Settings => RemindersHarness.NoJobs;
}

public sealed class ReminderPostgresFixture(PostgresServer server) : PostgresApiFixture(server)
{
    protected override IReadOnlyDictionary<string, string>? Settings => RemindersHarness.NoJobs;
}
