using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>Reduces the EF model, a SQLite database or a PostgreSQL database to a <see cref="DatabaseSchema"/>.</summary>
internal static class SchemaReaders
{
    /// <summary>
    /// The schema the model describes for the context's provider. The design-time model is the one EF's own migration
    /// differ uses; the runtime model may drop metadata that only matters for DDL.
    /// </summary>
    public static DatabaseSchema FromModel(DbContext db)
    {
        Func<string, string> storeType = db.Database.IsNpgsql() ? StoreTypes.Postgres : StoreTypes.Sqlite;
        var tables = db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables
            .Where(t => !DatabaseSchema.MigrationsBookkeepingTables.Contains(t.Name))
            .Select(t => new TableSchema(
                DatabaseSchema.TableKey(t.Schema, t.Name),
                t.Columns.ToDictionary(c => c.Name, c => new ColumnSchema(storeType(c.StoreType), c.IsNullable), StringComparer.Ordinal),
                t.PrimaryKey is { } pk ? new KeySchema(pk.Name, Names(pk.Columns)) : null,
                [.. t.UniqueConstraints.Where(u => !u.GetIsPrimaryKey()).Select(u => new KeySchema(u.Name, Names(u.Columns)))],
                [.. t.ForeignKeyConstraints.Select(fk => new ForeignKeySchema(
                    fk.Name,
                    Names(fk.Columns),
                    DatabaseSchema.TableKey(fk.PrincipalTable.Schema, fk.PrincipalTable.Name),
                    Names(fk.PrincipalColumns),
                    OnDelete(fk.OnDeleteAction)))],
                t.Indexes.ToDictionary(i => i.Name, i => new IndexSchema(Names(i.Columns), i.IsUnique), StringComparer.Ordinal)));
        return new DatabaseSchema(tables.ToDictionary(t => t.Name, StringComparer.Ordinal));
    }

    public static async Task<DatabaseSchema> FromSqliteAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var tableNames = await QueryAsync(connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            r => r.GetString(0), cancellationToken);
        var tables = new Dictionary<string, TableSchema>(StringComparer.Ordinal);
        foreach (var table in tableNames.Where(n => !DatabaseSchema.MigrationsBookkeepingTables.Contains(n)))
        {
            // SQLite reports the declared type and NOT NULL as written; pk is the column's 1-based position in the key.
            var columns = await QueryAsync(connection,
                "SELECT name, type, \"notnull\", pk FROM pragma_table_info(@p)",
                r => (Name: r.GetString(0), Type: r.GetString(1), NotNull: r.GetInt64(2) != 0, KeyPosition: r.GetInt64(3)),
                cancellationToken, table);
            var primaryKey = columns.Where(c => c.KeyPosition > 0).OrderBy(c => c.KeyPosition).Select(c => c.Name).ToList();

            var foreignKeyColumns = await QueryAsync(connection,
                "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(@p) ORDER BY id, seq",
                r => (Id: r.GetInt64(0), Principal: r.GetString(1), From: r.GetString(2),
                    To: r.IsDBNull(3) ? "(implicit primary key)" : r.GetString(3), OnDelete: r.GetString(4)),
                cancellationToken, table);
            var foreignKeys = foreignKeyColumns.GroupBy(c => c.Id).Select(g => new ForeignKeySchema(
                null, [.. g.Select(c => c.From)], g.First().Principal, [.. g.Select(c => c.To)], g.First().OnDelete.ToUpperInvariant()));

            // origin: 'c' = CREATE INDEX, 'u' = UNIQUE constraint (auto-named, so keyed by columns), 'pk' = primary key.
            var indexes = new Dictionary<string, IndexSchema>(StringComparer.Ordinal);
            var uniqueConstraints = new List<KeySchema>();
            foreach (var (name, unique, origin) in await QueryAsync(connection,
                         "SELECT name, \"unique\", origin FROM pragma_index_list(@p)",
                         r => (r.GetString(0), r.GetInt64(1) != 0, r.GetString(2)), cancellationToken, table))
            {
                var indexColumns = await QueryAsync(connection,
                    "SELECT name FROM pragma_index_info(@p) ORDER BY seqno",
                    r => r.IsDBNull(0) ? "(expression)" : r.GetString(0), cancellationToken, name);
                if (origin == "u")
                {
                    uniqueConstraints.Add(new KeySchema(null, indexColumns));
                }
                else if (origin == "c")
                {
                    indexes.Add(name, new IndexSchema(indexColumns, unique));
                }
            }

            tables.Add(table, new TableSchema(
                table,
                columns.ToDictionary(c => c.Name, c => new ColumnSchema(StoreTypes.Sqlite(c.Type), !c.NotNull), StringComparer.Ordinal),
                primaryKey.Count > 0 ? new KeySchema(null, primaryKey) : null,
                uniqueConstraints,
                [.. foreignKeys],
                indexes));
        }

        return new DatabaseSchema(tables);
    }

    // The catalog (pg_catalog) rather than information_schema: it gives constraint columns in key order on both
    // sides of a foreign key, index columns in order, and format_type() spells types exactly as EF's store types do.
    private const string PostgresUserSchemas =
        "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";

    private const string PostgresColumnsSql = $"""
        SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p') AND {PostgresUserSchemas}
        ORDER BY n.nspname, c.relname, a.attnum
        """;

    private const string PostgresConstraintsSql = $"""
        SELECT n.nspname, c.relname, con.conname, con.contype::text,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
            fn.nspname, fc.relname,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
            con.confdeltype::text
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_class fc ON fc.oid = con.confrelid
        LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
        WHERE con.contype IN ('p', 'u', 'f') AND {PostgresUserSchemas}
        """;

    // Indexes that merely back a primary key or unique constraint are that constraint, already compared as such.
    // Only key columns count (indnkeyatts), not INCLUDE columns; expression columns are shown by their definition.
    private const string PostgresIndexesSql = $"""
        SELECT n.nspname, t.relname, i.relname, ix.indisunique,
            ARRAY(SELECT COALESCE(a.attname::text, pg_get_indexdef(ix.indexrelid, k.ord::int, true))
                  FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                  LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                  WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord)
        FROM pg_index ix
        JOIN pg_class i ON i.oid = ix.indexrelid
        JOIN pg_class t ON t.oid = ix.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE {PostgresUserSchemas}
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                          WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x'))
        """;

    public static async Task<DatabaseSchema> FromPostgresAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var columns = await QueryAsync(connection, PostgresColumnsSql,
            r => (Table: DatabaseSchema.TableKey(r.GetString(0), r.GetString(1)), Name: r.GetString(2),
                Column: new ColumnSchema(StoreTypes.Postgres(r.GetString(3)), !r.GetBoolean(4))),
            cancellationToken);
        var constraints = await QueryAsync(connection, PostgresConstraintsSql,
            r => (Table: DatabaseSchema.TableKey(r.GetString(0), r.GetString(1)), Name: r.GetString(2), Type: r.GetString(3),
                Columns: r.GetFieldValue<string[]>(4),
                Principal: r.IsDBNull(6) ? string.Empty : DatabaseSchema.TableKey(r.GetString(5), r.GetString(6)),
                PrincipalColumns: r.GetFieldValue<string[]>(7), OnDelete: r.GetString(8)),
            cancellationToken);
        var indexes = await QueryAsync(connection, PostgresIndexesSql,
            r => (Table: DatabaseSchema.TableKey(r.GetString(0), r.GetString(1)), Name: r.GetString(2),
                Index: new IndexSchema(r.GetFieldValue<string[]>(4), r.GetBoolean(3))),
            cancellationToken);

        var tables = columns.GroupBy(c => c.Table, StringComparer.Ordinal).Select(table =>
        {
            var tableConstraints = constraints.Where(c => c.Table == table.Key).ToList();
            return new TableSchema(
                table.Key,
                table.ToDictionary(c => c.Name, c => c.Column, StringComparer.Ordinal),
                tableConstraints.Where(c => c.Type == "p").Select(c => new KeySchema(c.Name, c.Columns)).SingleOrDefault(),
                [.. tableConstraints.Where(c => c.Type == "u").Select(c => new KeySchema(c.Name, c.Columns))],
                [.. tableConstraints.Where(c => c.Type == "f").Select(c => new ForeignKeySchema(
                    c.Name, c.Columns, c.Principal, c.PrincipalColumns, PostgresOnDelete(c.OnDelete)))],
                indexes.Where(i => i.Table == table.Key).ToDictionary(i => i.Name, i => i.Index, StringComparer.Ordinal));
        });
        return new DatabaseSchema(tables
            .Where(t => !DatabaseSchema.MigrationsBookkeepingTables.Contains(t.Name))
            .ToDictionary(t => t.Name, StringComparer.Ordinal));
    }

    private static List<string> Names(IEnumerable<IColumnBase> columns) => [.. columns.Select(c => c.Name)];

    private static string OnDelete(ReferentialAction action) => action switch
    {
        ReferentialAction.NoAction => "NO ACTION",
        ReferentialAction.Restrict => "RESTRICT",
        ReferentialAction.Cascade => "CASCADE",
        ReferentialAction.SetNull => "SET NULL",
        ReferentialAction.SetDefault => "SET DEFAULT",
        _ => action.ToString(),
    };

    private static string PostgresOnDelete(string code) => code switch
    {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => $"unknown ({code})",
    };

    private static async Task<List<T>> QueryAsync<T>(
        DbConnection connection, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, string? parameter = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p";
            p.Value = parameter;
            command.Parameters.Add(p);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
