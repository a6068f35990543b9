using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Common;

internal static class Paging
{
    /// <summary>
    /// Counts every match, then reads one page in the given (stable) order, projected in SQL. A caller whose matches
    /// can be counted more cheaply than by counting <paramref name="query"/> passes <paramref name="countAsync"/>.
    /// </summary>
    public static async Task<PagedResult<TResult>> ReadPageAsync<T, TResult>(
        this IQueryable<T> query,
        Func<IQueryable<T>, IOrderedQueryable<T>> order,
        Expression<Func<T, TResult>> projection,
        int page,
        int pageSize,
        CancellationToken cancellationToken,
        Func<CancellationToken, Task<int>>? countAsync = null)
    {
        var total = countAsync is null ? await query.CountAsync(cancellationToken) : await countAsync(cancellationToken);
        var items = await order(query).Skip((page - 1) * pageSize).Take(pageSize).Select(projection).ToListAsync(cancellationToken);
        return new PagedResult<TResult>(items, page, pageSize, total);
    }
}
