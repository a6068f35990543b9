using ClinicOps.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// A DI scope's one pooled <see cref="ClinicOpsDbContext"/>, given back to the pool exactly once, when the scope ends
/// (docs/decisions/0016-pooled-db-context.md). The scope also disposes what each registration handed out, and the
/// context is handed out under two names (<see cref="ClinicOpsDbContext"/> and <see cref="IClinicOpsDbContext"/>): those
/// disposals are ignored while the rental holds the context, because a second return, after the pool had already lent
/// the instance to another request, would take it from under that request.
/// </summary>
internal sealed class DbContextRental : IAsyncDisposable, IDisposable
{
    public DbContextRental(
        IDbContextFactory<ClinicOpsDbContext> pool, ICurrentUser currentUser, IAuditContextAccessor auditContext, SqliteWriteGate writeGate) =>
        Context = pool.CreateDbContext().Bind(currentUser, auditContext, writeGate);

    public ClinicOpsDbContext Context { get; }

    public ValueTask DisposeAsync() => Context.ReturnFromRentalAsync();

    public void Dispose() => Context.ReturnFromRental();
}
