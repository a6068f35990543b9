using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>Runs one piece of work on the tracked changes just before every save, sync or async.</summary>
public abstract class BeforeSaveInterceptor : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not null)
        {
            BeforeSave(eventData.Context);
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not null)
        {
            BeforeSave(eventData.Context);
        }

        return base.SavingChanges(eventData, result);
    }

    protected abstract void BeforeSave(DbContext context);
}
