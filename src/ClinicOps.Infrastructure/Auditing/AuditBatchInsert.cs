using System.Text;
using ClinicOps.Domain.Auditing;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ClinicOps.Infrastructure.Auditing;

/// <summary>
/// Stores a batch of read-audit entries with multi-row INSERTs, in one write transaction (on SQLite, inside the write
/// gate). EF Core's SQLite provider sends one INSERT command per row and runs change tracking and every save
/// interceptor for entries that are only ever added; the day sheet queues one entry per appointment, so that per-row
/// work was most of the writer's cost. Table, columns, value converters and parameter types all come from the EF model,
/// so a row stored here is the row SaveChanges would have stored.
/// </summary>
internal static class AuditBatchInsert
{
    // Small statements: Microsoft.Data.Sqlite binds each parameter by looking its name up among the statement's
    // parameters, so binding grows with the square of the parameters in one statement (measured on the day sheet: at 50
    // rows, 700 parameters, the name lookups were ~10% of all CPU; at 500 rows the writer fell behind). 10 rows, 140
    // parameters, keep that to a few percent and still send one statement where EF sent ten.
    private const int RowsPerStatement = 10;

    public static async Task InsertAsync(ClinicOpsDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var entityType = db.Model.FindEntityType(typeof(AuditEntry))!;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = entityType.GetProperties().Select(p => (Property: p, Mapping: p.GetRelationalTypeMapping())).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var insertInto = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} "
            + $"({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) VALUES ";

        await using var transaction = await db.BeginWriteTransactionAsync(cancellationToken);
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
