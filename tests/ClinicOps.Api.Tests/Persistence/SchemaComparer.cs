namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// Lists every difference between the schema the model describes and the one a database has, one readable line each,
/// so a failing drift test shows all of them at once rather than the first.
/// </summary>
internal static class SchemaComparer
{
    public static IReadOnlyList<string> Compare(DatabaseSchema model, DatabaseSchema database)
    {
        var differences = new List<string>();
        foreach (var name in Sorted(model.Tables.Keys))
        {
            if (database.Tables.TryGetValue(name, out var actual))
            {
                CompareTable(model.Tables[name], actual, differences);
            }
            else
            {
                differences.Add($"table {name} missing in database");
            }
        }

        differences.AddRange(Sorted(database.Tables.Keys.Except(model.Tables.Keys))
            .Select(name => $"table {name} exists in database but not in model"));
        return differences;
    }

    private static void CompareTable(TableSchema model, TableSchema database, List<string> differences)
    {
        var table = model.Name;
        foreach (var name in Sorted(model.Columns.Keys))
        {
            var expected = model.Columns[name];
            if (!database.Columns.TryGetValue(name, out var actual))
            {
                differences.Add($"{table}.{name}: missing in database");
                continue;
            }

            if (expected.IsNullable != actual.IsNullable)
            {
                differences.Add($"{table}.{name}: {Nullability(expected)} in model, {Nullability(actual)} in database");
            }

            if (expected.StoreType != actual.StoreType)
            {
                differences.Add($"{table}.{name}: type '{expected.StoreType}' in model, '{actual.StoreType}' in database");
            }
        }

        differences.AddRange(Sorted(database.Columns.Keys.Except(model.Columns.Keys))
            .Select(name => $"{table}.{name}: exists in database but not in model"));

        CompareKey($"{table} primary key", model.PrimaryKey, database.PrimaryKey, differences);
        CompareUniqueConstraints(table, model.UniqueConstraints, database.UniqueConstraints, differences);
        CompareForeignKeys(table, model.ForeignKeys, database.ForeignKeys, differences);
        CompareIndexes(table, model.Indexes, database.Indexes, differences);
    }

    private static void CompareKey(string what, KeySchema? model, KeySchema? database, List<string> differences)
    {
        if (model is null || database is null)
        {
            if (model != database)
            {
                differences.Add($"{what}: {Describe(model)} in model, {Describe(database)} in database");
            }

            return;
        }

        if (!model.Columns.SequenceEqual(database.Columns))
        {
            differences.Add($"{what}: {Describe(model)} in model, {Describe(database)} in database");
        }

        CompareNames(what, model.Name, database.Name, differences);
    }

    // Matched by columns: SQLite does not keep the names of unique constraints.
    private static void CompareUniqueConstraints(
        string table, IReadOnlyList<KeySchema> model, IReadOnlyList<KeySchema> database, List<string> differences)
    {
        var expected = model.ToDictionary(k => List(k.Columns), StringComparer.Ordinal);
        var actual = database.ToDictionary(k => List(k.Columns), StringComparer.Ordinal);
        foreach (var columns in Sorted(expected.Keys))
        {
            if (actual.TryGetValue(columns, out var found))
            {
                CompareNames($"{table} unique constraint {columns}", expected[columns].Name, found.Name, differences);
            }
            else
            {
                differences.Add($"{table}: unique constraint {columns} missing in database");
            }
        }

        differences.AddRange(Sorted(actual.Keys.Except(expected.Keys))
            .Select(columns => $"{table}: unique constraint {columns} exists in database but not in model"));
    }

    // Matched by dependent columns: SQLite does not keep the names of foreign keys.
    private static void CompareForeignKeys(
        string table, IReadOnlyList<ForeignKeySchema> model, IReadOnlyList<ForeignKeySchema> database, List<string> differences)
    {
        var expected = model.ToDictionary(fk => List(fk.Columns), StringComparer.Ordinal);
        var actual = database.ToDictionary(fk => List(fk.Columns), StringComparer.Ordinal);
        foreach (var columns in Sorted(expected.Keys))
        {
            var what = $"{table} foreign key {columns}";
            if (!actual.TryGetValue(columns, out var found))
            {
                differences.Add($"{what}: missing in database");
                continue;
            }

            if (Describe(expected[columns]) != Describe(found))
            {
                differences.Add($"{what}: {Describe(expected[columns])} in model, {Describe(found)} in database");
            }

            CompareNames(what, expected[columns].Name, found.Name, differences);
        }

        differences.AddRange(Sorted(actual.Keys.Except(expected.Keys))
            .Select(columns => $"{table} foreign key {columns}: exists in database but not in model"));
    }

    private static void CompareIndexes(
        string table, IReadOnlyDictionary<string, IndexSchema> model, IReadOnlyDictionary<string, IndexSchema> database, List<string> differences)
    {
        foreach (var name in Sorted(model.Keys))
        {
            if (!database.TryGetValue(name, out var actual))
            {
                differences.Add($"{table}: index {name} missing in database");
            }
            else if (Describe(model[name]) != Describe(actual))
            {
                differences.Add($"{table}: index {name} is {Describe(model[name])} in model, {Describe(actual)} in database");
            }
        }

        differences.AddRange(Sorted(database.Keys.Except(model.Keys))
            .Select(name => $"{table}: index {name} exists in database but not in model"));
    }

    private static void CompareNames(string what, string? model, string? database, List<string> differences)
    {
        if (model is not null && database is not null && model != database)
        {
            differences.Add($"{what}: named {model} in model, {database} in database");
        }
    }

    private static string Nullability(ColumnSchema column) => column.IsNullable ? "nullable" : "NOT NULL";

    private static string Describe(KeySchema? key) => key is null ? "none" : List(key.Columns);

    private static string Describe(ForeignKeySchema fk) =>
        $"references {fk.PrincipalTable}{List(fk.PrincipalColumns)} ON DELETE {fk.OnDelete}";

    private static string Describe(IndexSchema index) => (index.IsUnique ? "unique " : string.Empty) + List(index.Columns);

    private static string List(IEnumerable<string> columns) => $"({string.Join(", ", columns)})";

    private static IEnumerable<string> Sorted(IEnumerable<string> names) => names.Order(StringComparer.Ordinal);
}
