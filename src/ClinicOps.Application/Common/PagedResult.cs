namespace ClinicOps.Application.Common;

/// <summary>One page of a list, in a stable order, with the total count of matching items.</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">The items on this page.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Maximum items per page.</param>
/// <param name="TotalCount">Number of items matching the query across all pages.</param>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    /// <summary>Largest page size a client may ask for.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Highest page number accepted; keeps the row offset far from integer overflow.</summary>
    public const int MaxPage = 100_000;

    /// <summary>Page size used when the client does not ask for one.</summary>
    public const int DefaultPageSize = 25;
}
