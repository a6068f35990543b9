using System.Data.Common;
using System.Text;
using ClinicOps.Domain.Auditing;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ClinicOps.Infrastructure.Auditing;

/// <summary>
/// Stores a batch of read-audit entries in one write transaction: on SQLite (inside the write gate) one prepared
/// single-row INSERT run per row, on PostgreSQL multi-row INSERTs. SaveChanges would run change tracking and every save
/// interceptor over entries that are only ever added; the day sheet queues one entry per appointment, so that per-row
/// work was most of the writer's cost. Table, columns, value converters and parameter types all come from the EF model,
/// so a row stored here is the row SaveChanges would have stored.
/// </summary>
internal static class AuditBatchInsert
{
    // PostgreSQL: each statement is a round trip, so many rows per statement (200 rows, 2,800 parameters, well under
    // the protocol's 65,535). With 10 rows per statement the writer stored about 8,000 entries a second, and a page of
    // search results (25 entries) waited for it.
    private const int RowsPerStatement = 200;

    public static async Task InsertAsync(ClinicOpsDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var entityType = db.Model.FindEntityType(typeof(AuditEntry))!;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = entityType.GetProperties().Select(p => (Property: p, Mapping: p.GetRelationalTypeMapping())).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var insertInto = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} "
            + $"({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) VALUES ";

        await using var transaction = await db.BeginWriteTransactionAsync(cancellationToken);
        if (db.IsSqlite)
        {
            // SQLite runs in process, so a statement per row costs no round trip: one single-row INSERT is prepared once
            // and run for every row with its parameters rebound, which is SQLite's own fastest way to insert in bulk.
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            var parameters = new DbParameter[columns.Count];
            for (var column = 0; column < columns.Count; column++)
            {
                var (property, mapping) = columns[column];
                parameters[column] = mapping.CreateParameter(command, sql.GenerateParameterName($"p{column}"), null, property.IsNullable);
                command.Parameters.Add(parameters[column]);
            }

            command.CommandText = $"{insertInto}({string.Join(", ", parameters.Select(p => p.ParameterName))})";
            foreach (var entry in entries)
            {
                for (var column = 0; column < columns.Count; column++)
                {
                    var (property, mapping) = columns[column];
                    var value = property.GetGetter().GetClrValue(entry);
                    parameters[column].Value = (mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return;
        }

        foreach (var chunk in entries.Chunk(RowsPerStatement))
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            var text = new StringBuilder(insertInto);
            for (var row = 0; row < chunk.Length; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var column = 0; column < columns.Count; column++)
                {
                    var (property, mapping) = columns[column];
                    var name = sql.GenerateParameterName($"p{(row * columns.Count) + column}");
                    command.Parameters.Add(mapping.CreateParameter(command, name, property.GetGetter().GetClrValue(chunk[row]), property.IsNullable));
                    text.Append(column == 0 ? name : ", " + name);
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
