using ClinicOps.Infrastructure.Persistence;
using ClinicOps.Infrastructure.Webhooks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace ClinicOps.Infrastructure.Jobs;

/// <summary>
/// Quartz with its persistent ADO store (ADR 0012): on SQLite a single node (Quartz refuses to cluster on SQLite) with
/// its store in a file of its own beside the database, on PostgreSQL in the application's database, clustered with a
/// generated instance id per process. The schema (QRTZ_* tables) is provisioned on first start. Both recurring triggers
/// skip missed runs on purpose (misfire "next with remaining count"): each run handles everything due by then, so one
/// run after downtime catches up on all of them, and replaying every missed run would only repeat that.
/// </summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>The scheduler's name: its key in the container and its SCHED_NAME in the store.</summary>
    public const string SchedulerName = "ClinicOps";

    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database, string connectionString)
    {
        var options = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        services.AddSingleton(options);
        services.AddSingleton<SiteScopes>();
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false });
        services.AddSingleton<JobRuns>();

        // A named scheduler, because only a named one keeps a clock of its own (UseTimeProvider on the unnamed one
        // replaces the container's TimeProvider for everyone). Quartz's time is real time, never the application's
        // clock: its loop waits in real time for fire times read from its clock, so a clock that stands still or jumps
        // (the tests') left it waiting on a trigger whose time never came, with an on-demand run queued behind it
        // (docs/decisions/0012-reminders-outbox-and-quartz.md). The jobs read the application's clock for what is due.
        services.AddQuartz(SchedulerName, quartz =>
        {
            quartz.UseTimeProvider(new RealTime());
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = SchedulerName;
                scheduler.IdleWaitTime = TimeSpan.FromSeconds(Math.Max(1, options.PollSeconds));
            });
            quartz.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                if (database.Provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(JobStoreConnectionString(connectionString));
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = TimeSpan.FromSeconds(5);
                        cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                    });
                }
                else
                {
                    store.UseSqlite(SqliteJobStoreConnectionString(connectionString));
                }

                store.ProvisionSchema();

                // A poller late by two of its intervals has misfired; the handler then moves it to its next interval
                // instead of Quartz's default minute, so a node back from a pause (or a clock moved by tests) resumes
                // within seconds.
                store.ConfigureStore(ado => ado.MisfireThreshold = TimeSpan.FromSeconds(Math.Max(5, options.PollSeconds * 2)));
            });
            quartz.AddJobListener<JobRuns>(provider => provider.GetRequiredService<JobRuns>());

            // A process that does not run the jobs does not (re)define their schedule either: its poll interval would
            // replace the running nodes' triggers in the shared store.
            foreach (var job in options.Enabled ? [ReminderJob.Key, WebhookJob.Key] : Array.Empty<JobKey>())
            {
                quartz.AddTrigger(trigger => trigger
                    .ForJob(job)
                    .WithIdentity($"{job.Name}-every-{options.PollSeconds}s", job.Group)
                    .StartNow()
                    .WithSimpleSchedule(schedule => schedule
                        .WithInterval(TimeSpan.FromSeconds(options.PollSeconds))
                        .RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            }

            quartz.AddJob<ReminderJob>(job => job.WithIdentity(ReminderJob.Key).StoreDurably());
            quartz.AddJob<WebhookJob>(job => job.WithIdentity(WebhookJob.Key).StoreDurably());
        });
        services.AddSingleton(provider => provider.GetRequiredKeyedService<ISchedulerFactory>(SchedulerName));
        services.AddQuartzHostedService(hosted =>
        {
            hosted.AutoStart = options.Enabled;
            hosted.WaitForJobsToComplete = true;
        });
        return services;
    }

    /// <summary>
    /// The system clock as an instance of its own (TimeProvider's members default to real time). Quartz reads
    /// <see cref="TimeProvider.System"/> given to <c>UseTimeProvider</c> as "no clock given" and then takes the
    /// container's, which is the application's clock.
    /// </summary>
    private sealed class RealTime : TimeProvider;

    /// <summary>
    /// On SQLite the scheduler's store is a file of its own beside the database (<c>clinicops.db</c> →
    /// <c>clinicops-jobs.db</c>). SQLite has one writer per file, and the application's writers take turns on an
    /// in-process gate (docs/decisions/0011-durability-and-write-path.md) that Quartz's own connections do not pass
    /// through: whenever Quartz wrote (each trigger it acquired, fired and completed), the request holding the turn met
    /// SQLite's lock and sat in the driver's busy retries, and every writer queued behind it waited too (write p99 about
    /// 150-200 ms instead of 40-60). The store holds only Quartz's triggers and runs, never application data, so nothing
    /// needs the two in one transaction. An in-memory database has no file to put beside, and is left as given.
    /// </summary>
    public static string SqliteJobStoreConnectionString(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var file = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(file) || file == ":memory:")
        {
            return connectionString;
        }

        builder.DataSource = Path.Combine(Path.GetDirectoryName(file) ?? string.Empty, $"{Path.GetFileNameWithoutExtension(file)}-jobs{Path.GetExtension(file)}");
        return builder.ToString();
    }

    /// <summary>
    /// The scheduler's store gets a pool of its own (Npgsql pools by connection string; the application name tells them
    /// apart in <c>pg_stat_activity</c> too): its clustered row locks then never wait for one of the requests' capped
    /// connections (DependencyInjection.DefaultMaxPoolSize), nor requests for one of its.
    /// </summary>
    internal static string JobStoreConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.ApplicationName = string.IsNullOrEmpty(builder.ApplicationName) ? "clinicops-jobs" : $"{builder.ApplicationName} jobs";
        return builder.ConnectionString;
    }
}
