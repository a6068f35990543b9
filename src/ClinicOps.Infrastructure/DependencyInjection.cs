using System.Data.Common;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Screening;
using ClinicOps.Infrastructure.Auditing;
using ClinicOps.Infrastructure.Events;
using ClinicOps.Infrastructure.Idempotency;
using ClinicOps.Infrastructure.Jobs;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ClinicOps.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);

        // Clinic policy thresholds; every screening stores the ones it was judged with, so changing them later
        // never changes a stored verdict.
        services.AddSingleton(configuration.GetSection("Screening").Get<ScreeningThresholds>() ?? ScreeningThresholds.Default);
        services.AddSingleton<MigrationsAppliedHealthCheck.State>();
        services.AddScoped<ActorContext>();
        services.AddSingleton<OutboxInterceptor>();
        services.AddSingleton<StampingInterceptor>();
        services.AddSingleton<AuditingInterceptor>();
        services.AddSingleton<DeferredWriteGuard>();
        services.AddSingleton<SqliteConnectionSettings>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<Application.ObservationBoard.IBoardChangeFeed, ObservationBoard.DatabaseBoardChangeFeed>();
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditWriter>());
        services.AddScoped<IdempotencyStore>();
        services.AddSingleton<IdempotencyHousekeeping>();

        var connectionString = ResolveConnectionString(options, environment);
        // Commits on a SQLite file share their fsyncs (docs/decisions/0020-sqlite-group-commit.md).
        services.AddSingleton(options.Provider == DatabaseProvider.Sqlite ? SqliteGroupCommit.For(connectionString) : SqliteGroupCommit.None);
        services.AddSingleton<SqliteWriteGate>();
        // Pooled: building a context's options and EF services per request was about a tenth of a simple read's CPU
        // (docs/decisions/0016-pooled-db-context.md). The interceptors are therefore singletons, and each use is handed
        // its caller by the scoped registration below.
        services.AddPooledDbContextFactory<ClinicOpsDbContext>((provider, db) =>
        {
            // A parameterized collection (the site filter on every site-scoped query) is sent as one array parameter,
            // so a query's SQL is generated once; EF Core 10's default, one parameter per element, re-generates the SQL
            // on every execution.
            _ = options.Provider switch
            {
                DatabaseProvider.Sqlite => db.UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)),
                DatabaseProvider.Postgres => db.UseNpgsql(connectionString, npgsql => npgsql.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)),
                _ => throw new InvalidOperationException($"Unknown database provider '{options.Provider}'."),
            };

            // Migrations are hand-written without a model snapshot; a test compares the migrated schema with the
            // model on both providers instead (docs/decisions/0002-hand-written-migrations.md).
            db.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
            // The outbox first: the reminders it adds or moves are then stamped and audited. Stamping before auditing: it
            // marks records whose owned values changed as modified, which auditing then sees.
            db.AddInterceptors(
                provider.GetRequiredService<OutboxInterceptor>(),
                provider.GetRequiredService<StampingInterceptor>(),
                provider.GetRequiredService<AuditingInterceptor>(),
                provider.GetRequiredService<DeferredWriteGuard>());
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                db.AddInterceptors(provider.GetRequiredService<SqliteConnectionSettings>());
            }
        });
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // Requests borrow open connections that keep their prepared statements (docs/decisions/0019-sqlite-statement-cache.md).
            services.AddSingleton(provider => new SqliteConnectionLeases(connectionString, provider.GetRequiredService<SqliteConnectionSettings>()));
        }

        services.AddScoped<DbContextRental>();
        services.AddScoped(provider => provider.GetRequiredService<DbContextRental>().Context);
        services.AddScoped<IClinicOpsDbContext>(provider => provider.GetRequiredService<ClinicOpsDbContext>());
        services.AddJobs(configuration, options, connectionString);
        return services;
    }

    private static string ResolveConnectionString(DatabaseOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.Provider == DatabaseProvider.Postgres ? WithPostgresDefaults(options.ConnectionString) : options.ConnectionString;
        }

        if (options.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException("Database:ConnectionString is required for the Postgres provider.");
        }

        var directory = Path.GetFullPath(options.DataDirectory, environment.ContentRootPath);
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, "clinicops.db")};Default Timeout=30";
    }

    /// <summary>
    /// The PostgreSQL connection defaults this product sets unless the operator's connection string says otherwise
    /// (docs/decisions/0016-pooled-db-context.md):
    /// <list type="bullet">
    /// <item><c>Max Auto Prepare</c>: Npgsql prepares the statements a connection runs repeatedly, so PostgreSQL skips
    /// parsing and planning them on every request (about a third of the server's CPU per status read under load). Behind
    /// a connection pooler that cannot carry prepared statements, set <c>Max Auto Prepare=0</c>.</item>
    /// <item><c>No Reset On Close</c>: a connection going back to the pool is not reset. The API leaves no session state
    /// (no settings, temporary tables or listens; its advisory locks are transaction-scoped), and the reset was seven
    /// statements PostgreSQL ran before every request's first.</item>
    /// <item><c>Maximum Pool Size</c>: at most <see cref="DefaultMaxPoolSize"/> connections per instance instead of
    /// Npgsql's 100. More statements at once than the cores can run only queue inside PostgreSQL as runnable backends,
    /// where they lengthen the slowest requests; queued in the pool they cost nothing. It also keeps several instances
    /// within PostgreSQL's default 100 connections.</item>
    /// </list>
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        // NpgsqlConnectionStringBuilder answers ContainsKey for every keyword it knows, so the keys given are read raw.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant())
            .ToHashSet();
        var resolved = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MAXAUTOPREPARE"))
        {
            resolved.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!given.Contains("NORESETONCLOSE"))
        {
            resolved.NoResetOnClose = true;
        }

        if (!given.Contains("MAXIMUMPOOLSIZE") && !given.Contains("MAXPOOLSIZE"))
        {
            resolved.MaxPoolSize = DefaultMaxPoolSize;
        }

        return resolved.ConnectionString;
    }

    /// <summary>
    /// Connections per instance by default: four per core of this host, at least 8. On the 2-core benchmark machine
    /// this cut the p99 of reads and writes by a quarter to a half against Npgsql's 100 (bench/results.md).
    /// </summary>
    public static int DefaultMaxPoolSize => Math.Max(8, 4 * Environment.ProcessorCount);

    /// <summary>How many distinct statements each PostgreSQL connection may keep prepared by default.</summary>
    public const int DefaultMaxAutoPrepare = 64;
}
