using ClinicOps.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// A DI scope's one pooled <see cref="ClinicOpsDbContext"/>, given back to the pool exactly once, when the scope ends
/// (docs/decisions/0016-pooled-db-context.md). The scope also disposes what each registration handed out, and the
/// context is handed out under two names (<see cref="ClinicOpsDbContext"/> and <see cref="IClinicOpsDbContext"/>): those
/// disposals are ignored while the rental holds the context, because a second return, after the pool had already lent
/// the instance to another request, would take it from under that request.
/// <para>
/// On SQLite the rental also lends the context an open connection with its prepared statements
/// (<see cref="SqliteConnectionLeases"/>, docs/decisions/0019-sqlite-statement-cache.md) and takes it back before the
/// context goes back to the pool, which then holds no connection that another scope may be using.
/// </para>
/// </summary>
internal sealed class DbContextRental : IAsyncDisposable, IDisposable
{
    private readonly SqliteConnectionLeases? _connections;
    private readonly StatementCachingSqliteConnection? _connection;

    public DbContextRental(
        IDbContextFactory<ClinicOpsDbContext> pool,
        ICurrentUser currentUser,
        IAuditContextAccessor auditContext,
        SqliteWriteGate writeGate,
        SqliteConnectionLeases? connections = null)
    {
        _connections = connections;
        _connection = connections?.Rent();
        try
        {
            Context = pool.CreateDbContext().Bind(currentUser, auditContext, writeGate);
        }
        catch
        {
            ReturnConnection();
            throw;
        }

        if (_connection is not null)
        {
            Context.Database.SetDbConnection(_connection, contextOwnsConnection: false);
        }
    }

    public ClinicOpsDbContext Context { get; }

    public async ValueTask DisposeAsync()
    {
        try
        {
            TakeConnectionBack();
            await Context.ReturnFromRentalAsync();
        }
        finally
        {
            ReturnConnection();
        }
    }

    public void Dispose()
    {
        try
        {
            TakeConnectionBack();
            Context.ReturnFromRental();
        }
        finally
        {
            ReturnConnection();
        }
    }

    /// <summary>
    /// Detaches the lent connection; EF Core ends (rolls back) a transaction left open on it. The context is left with the
    /// connection string, so a use of it outside a rental opens a connection of its own.
    /// </summary>
    private void TakeConnectionBack()
    {
        if (_connections is not null)
        {
            Context.Database.SetDbConnection(null, contextOwnsConnection: true);
            Context.Database.SetConnectionString(_connections.ConnectionString);
        }
    }

    private void ReturnConnection()
    {
        if (_connection is not null)
        {
            _connections!.Return(_connection);
        }
    }
}
