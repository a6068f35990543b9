using System.Data.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ClinicOps.Infrastructure.Auditing;

/// <summary>
/// Stores a batch of read-audit entries in one write transaction: on SQLite (inside the write gate) one prepared
/// single-row INSERT run per row, on PostgreSQL one binary COPY. SaveChanges would run change tracking and every save
/// interceptor over entries that are only ever added; the day sheet queues one entry per appointment, so that per-row
/// work was most of the writer's cost. Table, columns and value converters come from the EF model (and, on SQLite, the
/// parameter types), so a row stored here is the row SaveChanges would have stored.
/// </summary>
internal static class AuditBatchInsert
{
    public static async Task InsertAsync(ClinicOpsDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var entityType = db.Model.FindEntityType(typeof(AuditEntry))!;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = entityType.GetProperties().Select(p => (Property: p, Mapping: p.GetRelationalTypeMapping())).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var tableAndColumns = $"{sql.DelimitIdentifier(table.Name, table.Schema)} "
            + $"({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))})";

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

            command.CommandText = $"INSERT INTO {tableAndColumns} VALUES ({string.Join(", ", parameters.Select(p => p.ParameterName))})";
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

        // PostgreSQL: binary COPY, one stream for the whole batch. Multi-row INSERTs of 200 rows (2,800 parameters) made
        // the server parse and bind every parameter; COPY sends the rows as they are stored.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {tableAndColumns} FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var entry in entries)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var (property, mapping) in columns)
                {
                    var value = property.GetGetter().GetClrValue(entry);
                    await WriteAsync(importer, mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value, cancellationToken);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>One column of a COPY row, by its stored type: the audit table has only these (a new column type fails here, loudly, in the tests).</summary>
    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken cancellationToken) => value switch
    {
        null => importer.WriteNullAsync(cancellationToken),
        Guid id => importer.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken),
        DateTime instant => importer.WriteAsync(instant, NpgsqlDbType.TimestampTz, cancellationToken),
        string text => importer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken),
        int number => importer.WriteAsync(number, NpgsqlDbType.Integer, cancellationToken),
        _ => throw new NotSupportedException($"The audit COPY does not write {value.GetType().Name} values."),
    };
}
