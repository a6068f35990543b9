using System.Text.RegularExpressions;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// Provider-neutral shape of a relational schema, to which both the EF model and a migrated database are reduced
/// so the two can be compared. Tables are keyed by name ("schema.Name" outside the default schema).
/// </summary>
internal sealed record DatabaseSchema(IReadOnlyDictionary<string, TableSchema> Tables)
{
    /// <summary>EF's own bookkeeping tables: created by Migrate(), never part of the model.</summary>
    public static readonly IReadOnlySet<string> MigrationsBookkeepingTables =
        new HashSet<string>(["__EFMigrationsHistory", "__EFMigrationsLock"], StringComparer.Ordinal);

    /// <summary>
    /// Quartz's job store (ADR 0012): provisioned by Quartz itself on first start, never by a migration, and so never
    /// in the model. A schema read from a database the API has started on splits these off by their prefix and checks
    /// them apart (<see cref="JobStoreTables"/>); everything else must still be exactly the model.
    /// </summary>
    public static bool IsJobStoreTable(string name) => name.StartsWith("qrtz_", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tables Quartz's ADO store needs (names compared case-insensitively: SQLite upper, PostgreSQL lower case).</summary>
    public static readonly IReadOnlyList<string> JobStoreTables =
    [
        "qrtz_job_details", "qrtz_triggers", "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_cron_triggers", "qrtz_blob_triggers",
        "qrtz_calendars", "qrtz_paused_trigger_grps", "qrtz_fired_triggers", "qrtz_scheduler_state", "qrtz_locks",
    ];

    /// <summary>This schema without Quartz's tables.</summary>
    public DatabaseSchema WithoutJobStore() =>
        new(Tables.Where(t => !IsJobStoreTable(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));

    // PostgreSQL's default schema is "public"; the model says null (or "public"), the catalog says "public".
    public static string TableKey(string? schema, string name) =>
        schema is null or "public" ? name : $"{schema}.{name}";
}

/// <param name="Columns">Column name to column; compared by name, so column order is not part of the schema.</param>
/// <param name="UniqueConstraints">Unique constraints other than the primary key (EF alternate keys).</param>
/// <param name="Indexes">Index name to index; indexes backing the primary key or a unique constraint are not listed.</param>
internal sealed record TableSchema(
    string Name,
    IReadOnlyDictionary<string, ColumnSchema> Columns,
    KeySchema? PrimaryKey,
    IReadOnlyList<KeySchema> UniqueConstraints,
    IReadOnlyList<ForeignKeySchema> ForeignKeys,
    IReadOnlyDictionary<string, IndexSchema> Indexes);

/// <param name="StoreType">Already normalised by <see cref="StoreTypes"/> for the provider.</param>
internal sealed record ColumnSchema(string StoreType, bool IsNullable);

/// <param name="Name">Null where the database does not keep the constraint's name (SQLite); it is then not compared.</param>
internal sealed record KeySchema(string? Name, IReadOnlyList<string> Columns);

/// <param name="Name">Null where the database does not keep the constraint's name (SQLite); it is then not compared.</param>
/// <param name="OnDelete">SQL spelling: NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT.</param>
internal sealed record ForeignKeySchema(
    string? Name,
    IReadOnlyList<string> Columns,
    string PrincipalTable,
    IReadOnlyList<string> PrincipalColumns,
    string OnDelete);

internal sealed record IndexSchema(IReadOnlyList<string> Columns, bool IsUnique);

/// <summary>Brings a model's store type and a database's reported type to one spelling per provider.</summary>
internal static partial class StoreTypes
{
    // PostgreSQL reports canonical names (format_type), while a model may use an alias such as
    // HasColumnType("varchar(100)") or "timestamptz"; that is the same column, not drift.
    private static readonly Dictionary<string, (string Name, string Suffix)> _postgresAliases = new(StringComparer.Ordinal)
    {
        ["varchar"] = ("character varying", string.Empty),
        ["char"] = ("character", string.Empty),
        ["bpchar"] = ("character", string.Empty),
        ["int"] = ("integer", string.Empty),
        ["int4"] = ("integer", string.Empty),
        ["int2"] = ("smallint", string.Empty),
        ["int8"] = ("bigint", string.Empty),
        ["bool"] = ("boolean", string.Empty),
        ["float4"] = ("real", string.Empty),
        ["float8"] = ("double precision", string.Empty),
        ["decimal"] = ("numeric", string.Empty),
        ["timestamp"] = ("timestamp", " without time zone"),
        ["timestamptz"] = ("timestamp", " with time zone"),
        ["time"] = ("time", " without time zone"),
        ["timetz"] = ("time", " with time zone"),
    };

    /// <summary>
    /// SQLite keeps the declared type text verbatim and only derives an affinity from it; EF declares TEXT, INTEGER,
    /// REAL or BLOB, so a case-insensitive comparison of the declared text is exact and stricter than affinities.
    /// </summary>
    public static string Sqlite(string storeType) => Collapse(storeType);

    public static string Postgres(string storeType)
    {
        var type = Collapse(storeType);
        var match = AliasPattern().Match(type);
        return match.Success && _postgresAliases.TryGetValue(match.Groups["name"].Value, out var canonical)
            ? canonical.Name + match.Groups["modifier"].Value + canonical.Suffix + match.Groups["array"].Value
            : type;
    }

    private static string Collapse(string storeType) =>
        WhitespacePattern().Replace(storeType.Trim(), " ").Replace(" (", "(", StringComparison.Ordinal).ToLowerInvariant();

    [GeneratedRegex(@"^(?<name>[a-z0-9]+)(?<modifier>\([0-9, ]+\))?(?<array>(\[\])*)$")]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
