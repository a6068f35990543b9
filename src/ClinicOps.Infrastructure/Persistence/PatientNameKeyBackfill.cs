using ClinicOps.Domain.Patients;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// Computes the search keys of patients that have none: rows written before migration 20261123090000, or by an
/// instance of an older version during a rolling upgrade. The keys come from <see cref="NameSearchKey"/>, the function
/// the entity uses, which no SQL reproduces exactly; so this runs in C# after the migrations, and only touches rows
/// whose key IS NULL, which makes it idempotent. Rows are updated in place without the save pipeline: a key is derived
/// data, not a change by anyone, so the version (ETag), the stamps and the audit trail stay as they are.
/// </summary>
public static class PatientNameKeyBackfill
{
    /// <summary>Rows read and updated per transaction.</summary>
    public const int BatchSize = 500;

    /// <summary>Fills every missing key.</summary>
    /// <returns>The number of patients whose keys were filled.</returns>
    public static async Task<int> RunAsync(ClinicOpsDbContext db, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (true)
        {
            // Every row of a batch leaves the filter (a name always has a key, if only an empty one), so this ends.
            var batch = await Unfiltered(db)
                .Where(p => p.GivenNameKey == null || p.FamilyNameKey == null)
                .OrderBy(p => p.Id)
                .Select(p => new { p.Id, p.GivenName, p.FamilyName })
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return filled;
            }

            await using var transaction = await db.BeginWriteTransactionAsync(cancellationToken);
            foreach (var patient in batch)
            {
                var givenKey = NameSearchKey.Normalize(patient.GivenName);
                var familyKey = NameSearchKey.Normalize(patient.FamilyName);
                await Unfiltered(db)
                    .Where(p => p.Id == patient.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(p => p.GivenNameKey, givenKey).SetProperty(p => p.FamilyNameKey, familyKey), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            filled += batch.Count;
        }
    }

    // The migrator acts for no caller and sees every site.
    private static IQueryable<Patient> Unfiltered(ClinicOpsDbContext db) => db.Patients.IgnoreQueryFilters().AsNoTracking();
}
