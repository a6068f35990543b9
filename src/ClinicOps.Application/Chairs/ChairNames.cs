using ClinicOps.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Chairs;

internal static class ChairNames
{
    public const int MaxLength = 64;

    /// <summary>Gives a clear 409 before the unique index on (site, name) would.</summary>
    public static async Task EnsureFreeAsync(IClinicOpsDbContext db, Guid siteId, string name, Guid? exceptChairId, CancellationToken cancellationToken)
    {
        if (await db.Chairs.AnyAsync(c => c.SiteId == siteId && c.Name == name && c.Id != exceptChairId, cancellationToken))
        {
            throw Taken(name);
        }
    }

    /// <summary>Saves; the unique index on (site, name) is the only one a chair can break, so its violation is this 409.</summary>
    public static async Task SaveAsync(IClinicOpsDbContext db, string name, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConflictException conflict) when (conflict.Code == "unique-violation")
        {
            throw Taken(name);
        }
    }

    private static ConflictException Taken(string name) => new("chair.name-taken", $"Another chair of this site is already named '{name}'.");
}
