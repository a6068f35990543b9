using ClinicOps.Application.Common;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicOps.Infrastructure.Jobs;

/// <summary>
/// Runs background work once per site, each in its own DI scope acting as an explicit <see cref="SystemActor"/>: the
/// site filters, stamping and the audit trail then see "system:&lt;job&gt;" working for that one site.
/// </summary>
public sealed class SiteScopes(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<Guid>> SiteIdsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        return await db.Sites.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
    }

    public async Task<T> RunAsync<T>(string job, Guid siteId, Func<IServiceProvider, ClinicOpsDbContext, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().ActAs(new SystemActor(job, siteId));
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        return await work(scope.ServiceProvider, db);
    }
}
