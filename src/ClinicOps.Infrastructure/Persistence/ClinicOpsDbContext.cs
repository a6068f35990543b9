using ClinicOps.Domain.Events;
using ClinicOps.Domain.Reminders;
using ClinicOps.Domain.Webhooks;
using System.Linq.Expressions;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Authorizations;
using ClinicOps.Domain.Billing;
using ClinicOps.Domain.Common;
using ClinicOps.Domain.Inventory;
using ClinicOps.Domain.Patients;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.Sites;
using ClinicOps.Domain.TreatmentDay;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// The application's unit of work. Instances are pooled (docs/decisions/0016-pooled-db-context.md): the constructor
/// takes only the options, and <see cref="Bind"/> hands each use its caller (user, audit context) before anything
/// runs. The SaveChanges interceptors are singletons that read the caller from here.
/// </summary>
public sealed class ClinicOpsDbContext(DbContextOptions<ClinicOpsDbContext> options)
    : DbContext(options), IClinicOpsDbContext
{
    private ICurrentUser? _currentUser;
    private IAuditContextAccessor? _auditContext;
    private SqliteWriteGate? _writeGate;
    private bool? _isSqlite;
    private GatedWriteTransaction? _deferredWrite;
    private bool _heldByRental;

    /// <summary>
    /// Hands a rented instance its caller; called by <see cref="DbContextRental"/> before the instance is returned to anyone,
    /// and from then until the rental gives it back, only the rental can dispose it.
    /// A pooled instance keeps nothing of its previous caller: these fields are overwritten here, and EF Core resets the
    /// change tracker and any transaction when the instance goes back to the pool.
    /// </summary>
    internal ClinicOpsDbContext Bind(ICurrentUser currentUser, IAuditContextAccessor auditContext, SqliteWriteGate writeGate)
    {
        _heldByRental = true;
        _currentUser = currentUser;
        _auditContext = auditContext;
        _writeGate = writeGate;
        OutboxTransaction = null;
        _deferredWrite = null;
        return this;
    }

    /// <summary>Who is saving: read by the stamping interceptor and the site filter.</summary>
    internal ICurrentUser CurrentUser => _currentUser ?? throw Unbound();

    /// <summary>Describes the request or job for audit entries: read by the auditing interceptor.</summary>
    internal IAuditContextAccessor AuditContext => _auditContext ?? throw Unbound();

    /// <summary>
    /// Whether this is SQLite. Asked on every write; <c>Database.IsSqlite()</c> resolves the provider through EF's
    /// services each time (about 5% of a registration's CPU under load), and a pooled instance never changes provider.
    /// </summary>
    public bool IsSqlite => _isSqlite ??= Database.IsSqlite();

    /// <summary>The transaction the outbox interceptor began for a save that needed the feed-order lock, if any.</summary>
    internal IDbContextTransaction? OutboxTransaction { get; set; }

    private SqliteWriteGate WriteGate => _writeGate ?? throw Unbound();

    /// <summary>Ignored while a <see cref="DbContextRental"/> holds this instance: only the rental gives it back.</summary>
    public override void Dispose()
    {
        if (!_heldByRental)
        {
            base.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public override ValueTask DisposeAsync() => _heldByRental ? ValueTask.CompletedTask : base.DisposeAsync();

    internal ValueTask ReturnFromRentalAsync()
    {
        _heldByRental = false;
        return base.DisposeAsync();
    }

    internal void ReturnFromRental()
    {
        _heldByRental = false;
        base.Dispose();
    }

    private static InvalidOperationException Unbound() =>
        new("This ClinicOpsDbContext was not handed a caller: resolve it from a DI scope, not from the pool directly.");

    public DbSet<Site> Sites => Set<Site>();

    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<IntakeScreening> Screenings => Set<IntakeScreening>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<TreatmentProtocol> Protocols => Set<TreatmentProtocol>();

    public DbSet<TreatmentCourse> Courses => Set<TreatmentCourse>();

    public DbSet<Appointment> Appointments => Set<Appointment>();

    public DbSet<ChairSlot> ChairSlots => Set<ChairSlot>();

    public DbSet<PatientSlot> PatientSlots => Set<PatientSlot>();

    public DbSet<Chair> Chairs => Set<Chair>();

    public DbSet<RemsEnrollment> RemsEnrollments => Set<RemsEnrollment>();

    public DbSet<TreatmentSession> TreatmentSessions => Set<TreatmentSession>();

    public DbSet<VitalsReading> VitalsReadings => Set<VitalsReading>();

    public DbSet<SessionAlert> SessionAlerts => Set<SessionAlert>();

    public DbSet<RemsMonitoringRecord> RemsMonitoringRecords => Set<RemsMonitoringRecord>();

    public DbSet<Reminder> Reminders => Set<Reminder>();

    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();

    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<InventoryLot> InventoryLots => Set<InventoryLot>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<InventoryCount> InventoryCounts => Set<InventoryCount>();

    public DbSet<BillingCode> BillingCodes => Set<BillingCode>();

    public DbSet<PriorAuthorization> PriorAuthorizations => Set<PriorAuthorization>();

    public DbSet<PriorAuthorizationOverride> PriorAuthorizationOverrides => Set<PriorAuthorizationOverride>();

    /// <summary>
    /// A transaction of its own, or, inside one the idempotency middleware already holds, a savepoint: a unit of work
    /// that fails halfway is undone either way, and never committed along with a stored error response.
    /// </summary>
    public async Task<IDbContextTransaction> BeginTransactionAsync(CancellationToken cancellationToken)
    {
        // A unit of work reads what it checks inside the transaction, as it asked: a deferred one starts here.
        await StartDeferredWriteAsync(cancellationToken);
        if (Database.CurrentTransaction is not { } outer)
        {
            return await BeginWriteTransactionAsync(cancellationToken);
        }

        var savepoint = $"unit_{Guid.NewGuid():N}";
        await outer.CreateSavepointAsync(savepoint, cancellationToken);
        return new SavepointTransaction(outer, savepoint);
    }

    /// <summary>The <see cref="ConflictException.Code"/> of a unique-index violation that no handler mapped itself.</summary>
    public const string UniqueViolationCode = "unique-violation";

    /// <summary>
    /// Read by the global query filter on every site-scoped entity, so a handler cannot forget site scoping:
    /// records of other sites are simply invisible and surface as 404.
    /// </summary>
    internal IReadOnlyCollection<Guid> AccessibleSiteIds => CurrentUser.SiteIds;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC DateTime: both providers compare and order those natively
        // (SQLite cannot order DateTimeOffset), and PostgreSQL maps them to timestamptz.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ClinicOpsDbContext).Assembly);
        if (Database.IsNpgsql())
        {
            Configurations.PatientConfiguration.ConfigurePostgres(modelBuilder.Entity<Patient>());
        }

        foreach (var entityType in modelBuilder.Model.GetEntityTypes()
                     .Where(t => typeof(ISiteScoped).IsAssignableFrom(t.ClrType) && !t.IsOwned()))
        {
            var entity = Expression.Parameter(entityType.ClrType, "entity");
            var siteIds = Expression.Property(Expression.Constant(this), nameof(AccessibleSiteIds));
            var contains = Expression.Call(
                typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid)],
                siteIds,
                Expression.Property(entity, nameof(ISiteScoped.SiteId)));
            modelBuilder.Entity(entityType.ClrType).HasQueryFilter(Expression.Lambda(contains, entity));
        }
    }

    /// <summary>A new transaction that writes; on SQLite it holds the write gate until it ends.</summary>
    public async Task<IDbContextTransaction> BeginWriteTransactionAsync(CancellationToken cancellationToken)
    {
        if (!IsSqlite)
        {
            return await Database.BeginTransactionAsync(cancellationToken);
        }

        var transaction = new GatedWriteTransaction(this);
        await BeginGatedAsync(transaction, cancellationToken);
        return transaction;
    }

    /// <summary>
    /// The write transaction of a whole request (the idempotency middleware's). On PostgreSQL it begins now. On SQLite
    /// it begins at the request's first write, which is when the write gate is taken: the reads before it (the key's
    /// record, the handler's lookups and checks) run beside other requests' writes instead of inside the single write
    /// turn, each seeing the latest commit, as on PostgreSQL at read committed (docs/decisions/0011-durability-and-write-path.md).
    /// </summary>
    public async Task<IDbContextTransaction> BeginDeferredWriteTransactionAsync(CancellationToken cancellationToken)
    {
        if (!IsSqlite || Database.CurrentTransaction is not null || _deferredWrite is not null)
        {
            return await BeginWriteTransactionAsync(cancellationToken);
        }

        return _deferredWrite = new GatedWriteTransaction(this);
    }

    /// <summary>True while a deferred write transaction waits for its first write (SQLite only).</summary>
    internal bool IsWritePending => _deferredWrite is { Started: false };

    /// <summary>
    /// Begins a deferred write transaction now, if one is waiting: before any statement that writes other than through
    /// <see cref="SaveChangesAsync"/> (which calls this itself), such as ExecuteDelete.
    /// </summary>
    public async Task StartDeferredWriteAsync(CancellationToken cancellationToken)
    {
        if (_deferredWrite is { Started: false } deferred)
        {
            await BeginGatedAsync(deferred, cancellationToken);
        }
    }

    /// <summary>Waits for the write turn, then begins the transaction (<c>BEGIN IMMEDIATE</c>) that holds it.</summary>
    private async Task BeginGatedAsync(GatedWriteTransaction transaction, CancellationToken cancellationToken)
    {
        var turn = await WriteGate.EnterAsync(cancellationToken);
        try
        {
            transaction.Start(await Database.BeginTransactionAsync(cancellationToken), turn);
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    internal void EndDeferredWrite(GatedWriteTransaction transaction)
    {
        if (ReferenceEquals(_deferredWrite, transaction))
        {
            _deferredWrite = null;
        }
    }

    /// <summary>
    /// EF otherwise opens and closes the connection around each query, and every open costs: Microsoft.Data.Sqlite
    /// registers EF's SQL functions on the native connection again, and Npgsql takes a connector from its pool and
    /// resets it when it goes back. EF counts opens, so inside a transaction (or another such call) this is a no-op.
    /// </summary>
    public async Task<T> OnOneConnectionAsync<T>(Func<Task<T>> reads, CancellationToken cancellationToken)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await reads();
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        if (IsWritePending && ChangeTracker.HasChanges())
        {
            await StartDeferredWriteAsync(cancellationToken);
        }

        // Inside a transaction the gate is already held by whoever began it, and its commit waits for the disk.
        using var turn = IsSqlite && Database.CurrentTransaction is null && ChangeTracker.HasChanges()
            ? await WriteGate.EnterAsync(cancellationToken)
            : null;
        try
        {
            var saved = await base.SaveChangesAsync(cancellationToken);
            if (turn is not null)
            {
                await turn.EndAfterCommitAsync();
            }

            return saved;
        }
        catch (DbUpdateConcurrencyException ex)
        {
            var entry = ex.Entries.Count > 0 ? ex.Entries[0] : null;
            var current = entry is null ? null : await entry.GetDatabaseValuesAsync(cancellationToken);
            throw new PreconditionFailedException(
                entry?.Metadata.ClrType.Name ?? "Record",
                current?.GetValue<int>(nameof(AuditableEntity.Version)) ?? 0);
        }
        catch (DbUpdateException ex) when (UniqueViolation.IsUniqueViolation(ex))
        {
            throw new ConflictException(UniqueViolationCode, "A record with the same unique value already exists.");
        }
    }
}
