using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ClinicOps.Application.Common;

/// <summary>
/// EF's compiled queries take the context itself. They are kept for the hottest reads, where building,
/// funcletizing and looking up the LINQ tree per request cost more CPU than the database's own work; the site filters
/// apply to them as to every other query.
/// </summary>
internal static class CompiledQueryContext
{
    /// <summary>The EF context behind the use cases' door (always one: there is no other implementation).</summary>
    public static DbContext AsDbContext(this IClinicOpsDbContext db) =>
        db as DbContext ?? throw new InvalidOperationException($"{nameof(IClinicOpsDbContext)} is implemented by an EF DbContext.");
}

/// <summary>
/// One compiled query per model. A compiled query binds to the provider of the first context that runs it, and one
/// process can hold both a SQLite and a PostgreSQL model (the test host does), so each model gets its own.
/// </summary>
/// <typeparam name="TQuery">The delegate <c>EF.CompileAsyncQuery</c> returns.</typeparam>
/// <param name="compile">Compiles the query; called once per model.</param>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private (IModel Model, TQuery Query)[] _compiled = [];

    /// <summary>The query compiled for this context's model.</summary>
    public TQuery For(DbContext context)
    {
        var model = context.Model;
        foreach (var (compiledFor, query) in Volatile.Read(ref _compiled))
        {
            if (ReferenceEquals(compiledFor, model))
            {
                return query;
            }
        }

        lock (this)
        {
            foreach (var (compiledFor, query) in _compiled)
            {
                if (ReferenceEquals(compiledFor, model))
                {
                    return query;
                }
            }

            var added = compile();
            Volatile.Write(ref _compiled, [.. _compiled, (model, added)]);
            return added;
        }
    }
}
