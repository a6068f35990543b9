using ClinicOps.Infrastructure.Persistence;
using ClinicOps.Infrastructure.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace ClinicOps.Infrastructure.Jobs;

/// <summary>
/// Quartz with its persistent ADO store in the application's own database (ADR 0012): SQLite as a single node
/// (Quartz refuses to cluster on SQLite), PostgreSQL clustered with a generated instance id per process. The schema
/// (QRTZ_* tables) is provisioned on first start. Both recurring triggers skip missed runs on purpose (misfire
/// "next with remaining count"): each run handles everything due by then, so one run after downtime catches up on all
/// of them, and replaying every missed run would only repeat that.
/// </summary>
public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database, string connectionString)
    {
        var options = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        services.AddSingleton(options);
        services.AddSingleton<SiteScopes>();
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false });
        services.AddSingleton<JobRuns>();

        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "ClinicOps";
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
                    store.UseSqlite(connectionString);
                }

                store.ProvisionSchema();

                // A poller late by two of its intervals has misfired; the handler then moves it to its next interval
                // instead of Quartz's default minute, so a node back from a pause (or a clock moved by tests) resumes
                // within seconds.
                store.ConfigureStore(ado => ado.MisfireThreshold = TimeSpan.FromSeconds(Math.Max(5, options.PollSeconds * 2)));
            });
            quartz.AddJobListener<JobRuns>(provider => provider.GetRequiredService<JobRuns>());

            foreach (var job in new[] { ReminderJob.Key, WebhookJob.Key })
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
        services.AddQuartzHostedService(hosted =>
        {
            hosted.AutoStart = options.Enabled;
            hosted.WaitForJobsToComplete = true;
        });
        return services;
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
