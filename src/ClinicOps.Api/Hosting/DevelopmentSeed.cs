using ClinicOps.Domain.Sites;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Api.Hosting;

/// <summary>A demo site for local use, so a freshly started API can be called at once with a development token.</summary>
internal static class DevelopmentSeed
{
    public static readonly Guid DemoSiteId = Guid.Parse("5e1f0000-0000-4000-8000-000000000001");

    public static async Task EnsureDemoSiteAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        if (!await db.Sites.AnyAsync(s => s.Id == DemoSiteId))
        {
            db.Sites.Add(new Site(DemoSiteId, "DEMO", "Demo Clinic", "America/Chicago"));
            await db.SaveChangesAsync();
        }
    }
}
