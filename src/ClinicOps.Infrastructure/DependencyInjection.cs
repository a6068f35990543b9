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
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<MigrationsAppliedHealthCheck.State>();
        services.AddScoped<ActorContext>();
        services.AddSingleton<OutboxInterceptor>();
        services.AddSingleton<StampingInterceptor>();
        services.AddSingleton<AuditingInterceptor>();
        services.AddSingleton<DeferredWriteGuard>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<Application.ObservationBoard.IBoardChangeFeed, ObservationBoard.DatabaseBoardChangeFeed>();
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditWriter>());
        services.AddScoped<IdempotencyStore>();
        services.AddSingleton<IdempotencyHousekeeping>();

        var connectionString = ResolveConnectionString(options, environment);
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
        });
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
            return options.Provider == DatabaseProvider.Postgres ? WithStatementPreparation(options.ConnectionString) : options.ConnectionString;
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
    /// Lets Npgsql prepare the statements a connection runs repeatedly (<c>Max Auto Prepare</c>), unless the operator's
    /// connection string says otherwise: PostgreSQL then skips parsing and planning them on every request, which was about
    /// a third of the server's CPU per status read under load (docs/decisions/0016-pooled-db-context.md). Behind a
    /// connection pooler that cannot carry prepared statements, set <c>Max Auto Prepare=0</c>.
    /// </summary>
    public static string WithStatementPreparation(string connectionString)
    {
        // NpgsqlConnectionStringBuilder answers ContainsKey for every keyword it knows, so the keys given are read raw.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }

    /// <summary>How many distinct statements each PostgreSQL connection may keep prepared by default.</summary>
    public const int DefaultMaxAutoPrepare = 64;
}
