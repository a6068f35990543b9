using MediatR;

namespace ClinicOps.Application.Common;

/// <summary>
/// Runs every handler on one opened database connection. EF otherwise opens and closes the connection around each
/// query, and every open costs: Microsoft.Data.Sqlite registers EF's SQL functions on the native connection again, and
/// Npgsql takes a connector from its pool and resets it when it goes back. A session read makes three queries, the day
/// sheet two; on PostgreSQL this took a quarter of the database's CPU off a session status read
/// (docs/decisions/0011-durability-and-write-path.md). Inside validation, so a rejected request opens nothing.
/// </summary>
public sealed class SharedConnectionBehavior<TRequest, TResponse>(IClinicOpsDbContext db) : IPipelineBehavior<TRequest, TResponse>
{
    /// <inheritdoc />
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next) =>
        db.OnOneConnectionAsync(() => next(), cancellationToken);
}
