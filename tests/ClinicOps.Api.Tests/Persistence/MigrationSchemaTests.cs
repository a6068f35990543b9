using System.Data.Common;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// Migrations are hand-written and there is no model snapshot, so nothing in EF notices when they and the model
/// drift apart (PendingModelChangesWarning is ignored). These tests apply every migration to an empty database on
/// each provider and require the result to be exactly the schema the model describes: every table, column, store
/// type, nullability, primary key, unique constraint, foreign key (with ON DELETE) and index.
/// Not compared: column defaults, check constraints, triggers, index filters and sort order.
/// </summary>
public sealed class MigrationSchemaTests(PostgresServer server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrations_produce_exactly_the_model_schema_on_sqlite()
    {
        var (model, database) = await MigrateSqliteAsync(tamperSql: null);

        AssertSameSchema(model, database);
    }

    [Fact]
    public async Task Migrations_produce_exactly_the_model_schema_on_postgres()
    {
        var (model, database) = await MigratePostgresAsync(tamperSql: null);

        AssertSameSchema(model, database);
    }

    // The drift tests must not pass because a reader sees too little: real DDL changes have to surface.
    [Fact]
    public async Task A_database_changed_behind_the_migrations_back_is_reported_on_sqlite()
    {
        var (model, database) = await MigrateSqliteAsync("""
            DROP INDEX "IX_Patients_DateOfBirth";
            ALTER TABLE "Patients" ADD COLUMN "Nickname" TEXT NULL;
            CREATE TABLE "Stray" ("Id" INTEGER NOT NULL PRIMARY KEY);
            """);

        AssertDifferences(
            [
                "Patients: index IX_Patients_DateOfBirth missing in database",
                "Patients.Nickname: exists in database but not in model",
                "table Stray exists in database but not in model",
            ],
            SchemaComparer.Compare(model, database));
    }

    [Fact]
    public async Task A_database_changed_behind_the_migrations_back_is_reported_on_postgres()
    {
        var (model, database) = await MigratePostgresAsync("""
            DROP INDEX "IX_Patients_DateOfBirth";
            ALTER TABLE "Patients" ALTER COLUMN "Email" SET NOT NULL, ALTER COLUMN "Phone" TYPE text,
                DROP CONSTRAINT "FK_Patients_Sites_SiteId",
                ADD CONSTRAINT "FK_Patients_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE CASCADE;
            ALTER TABLE "Sites" ADD CONSTRAINT "AK_Sites_Name" UNIQUE ("Name");
            """);

        AssertDifferences(
            [
                "Patients.Email: nullable in model, NOT NULL in database",
                "Patients.Phone: type 'character varying(16)' in model, 'text' in database",
                "Patients foreign key (SiteId): references Sites(Id) ON DELETE RESTRICT in model, references Sites(Id) ON DELETE CASCADE in database",
                "Patients: index IX_Patients_DateOfBirth missing in database",
                "Sites: unique constraint (Name) exists in database but not in model",
            ],
            SchemaComparer.Compare(model, database));
    }

    // The comparer on its own, over every kind of difference, without a database.
    [Fact]
    public void Comparer_reports_every_kind_of_drift()
    {
        var model = ModelSchema(new DbContextOptionsBuilder<ClinicOpsDbContext>().UseNpgsql("Host=unused"));
        Assert.Empty(SchemaComparer.Compare(model, model));

        var drifted = new DatabaseSchema(Edit(model.Tables, tables =>
        {
            var patients = tables["Patients"];
            tables["Patients"] = patients with
            {
                Columns = Edit(patients.Columns, c =>
                {
                    c.Remove("Email");
                    c["Phone"] = c["Phone"] with { IsNullable = false };
                    c["Nickname"] = new ColumnSchema("text", true);
                }),
                Indexes = Edit(patients.Indexes, i => i.Remove("IX_Patients_DateOfBirth")),
                ForeignKeys = [.. patients.ForeignKeys.Select(fk => fk with { OnDelete = "CASCADE" })],
            };
            var sites = tables["Sites"];
            tables["Sites"] = sites with
            {
                Columns = Edit(sites.Columns, c => c["Name"] = c["Name"] with { StoreType = "text" }),
                PrimaryKey = sites.PrimaryKey! with { Name = "PK_Site" },
                Indexes = Edit(sites.Indexes, i => i["IX_Sites_Code"] = i["IX_Sites_Code"] with { IsUnique = false }),
                UniqueConstraints = [new KeySchema("AK_Sites_Name", ["Name"])],
            };
            tables["Stray"] = sites with { Name = "Stray" };
        }));

        AssertDifferences(
            [
                "Patients.Email: missing in database",
                "Patients.Nickname: exists in database but not in model",
                "Patients.Phone: nullable in model, NOT NULL in database",
                "Patients foreign key (SiteId): references Sites(Id) ON DELETE RESTRICT in model, references Sites(Id) ON DELETE CASCADE in database",
                "Patients: index IX_Patients_DateOfBirth missing in database",
                "Sites.Name: type 'character varying(200)' in model, 'text' in database",
                "Sites primary key: named PK_Sites in model, PK_Site in database",
                "Sites: unique constraint (Name) exists in database but not in model",
                "Sites: index IX_Sites_Code is unique (Code) in model, (Code) in database",
                "table Stray exists in database but not in model",
            ],
            SchemaComparer.Compare(model, drifted));
        Assert.Equal(
            ["table Sites missing in database"],
            SchemaComparer.Compare(model, new DatabaseSchema(Edit(model.Tables, t => t.Remove("Sites")))));
    }

    [Theory]
    [InlineData("varchar(100)", "character varying(100)")]
    [InlineData("character varying(100)", "character varying(100)")]
    [InlineData("timestamptz", "timestamp with time zone")]
    [InlineData("timestamp(3)", "timestamp(3) without time zone")]
    [InlineData("int4[]", "integer[]")]
    [InlineData("numeric(18, 2)", "numeric(18, 2)")]
    [InlineData("UUID", "uuid")]
    public void Postgres_type_aliases_normalise_to_the_catalog_spelling(string storeType, string expected) =>
        Assert.Equal(expected, StoreTypes.Postgres(storeType));

    private static async Task<(DatabaseSchema Model, DatabaseSchema Database)> MigrateSqliteAsync(string? tamperSql)
    {
        var file = Path.Combine(Path.GetTempPath(), $"clinicops-schema-{Guid.NewGuid():N}.db");
        try
        {
            var model = await MigrateAsync(new DbContextOptionsBuilder<ClinicOpsDbContext>().UseSqlite($"Data Source={file}"));
            await using var connection = new SqliteConnection($"Data Source={file}");
            await connection.OpenAsync(Cancellation);
            await ExecuteAsync(connection, tamperSql);
            return (model, await SchemaReaders.FromSqliteAsync(connection, Cancellation));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            SqliteFiles.Delete(file);
        }
    }

    private async Task<(DatabaseSchema Model, DatabaseSchema Database)> MigratePostgresAsync(string? tamperSql)
    {
        var connectionString = await server.CreateDatabaseAsync("schema");
        var model = await MigrateAsync(new DbContextOptionsBuilder<ClinicOpsDbContext>().UseNpgsql(connectionString));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        try
        {
            await ExecuteAsync(connection, tamperSql);
            return (model, await SchemaReaders.FromPostgresAsync(connection, Cancellation));
        }
        finally
        {
            // The database is never used again; its idle pooled connections would only hold server slots.
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private static async Task<DatabaseSchema> MigrateAsync(DbContextOptionsBuilder<ClinicOpsDbContext> options)
    {
        await using var db = NewContext(options);
        Assert.NotEmpty(db.Database.GetMigrations());
        await db.Database.MigrateAsync(Cancellation);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Cancellation));
        return SchemaReaders.FromModel(db);
    }

    private static DatabaseSchema ModelSchema(DbContextOptionsBuilder<ClinicOpsDbContext> options)
    {
        using var db = NewContext(options);
        return SchemaReaders.FromModel(db);
    }

    // As in DependencyInjection: without a model snapshot EF would otherwise refuse to migrate.
    private static ClinicOpsDbContext NewContext(DbContextOptionsBuilder<ClinicOpsDbContext> options) =>
        new(options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options);

    private static async Task ExecuteAsync(DbConnection connection, string? sql)
    {
        if (sql is null)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    private static void AssertSameSchema(DatabaseSchema model, DatabaseSchema database)
    {
        // An empty model compared with an empty database would pass vacuously.
        Assert.Contains("Sites", model.Tables.Keys);
        Assert.Contains("Patients", model.Tables.Keys);

        var differences = SchemaComparer.Compare(model, database);
        if (differences.Count > 0)
        {
            Assert.Fail($"Migrations and model disagree ({differences.Count}):{Environment.NewLine}"
                + string.Join(Environment.NewLine, differences.Select(d => "  - " + d)));
        }
    }

    private static void AssertDifferences(IEnumerable<string> expected, IEnumerable<string> actual) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));

    private static Dictionary<string, T> Edit<T>(IReadOnlyDictionary<string, T> source, Action<Dictionary<string, T>> edit)
    {
        var copy = new Dictionary<string, T>(source, StringComparer.Ordinal);
        edit(copy);
        return copy;
    }
}
