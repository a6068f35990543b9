using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>
/// PostgreSQL compresses the application's large values (the JSON text of screenings, sessions and events, the
/// stored responses of idempotency keys) with lz4 instead of the default pglz (docs/decisions/0011-durability-and-write-path.md).
/// These values pass the TOAST threshold, so every insert compressed them: with pglz a screening's row and its stored
/// response took most of PostgreSQL's time per recorded screening. Only values written from now on use lz4; the rows
/// already stored stay readable as they are. A server built without lz4 keeps pglz (the migration says so and changes
/// nothing). SQLite has no such setting.
/// </summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261207190000_Lz4ToastCompression")]
public sealed class Lz4ToastCompression : Migration
{
    /// <summary>
    /// The application's columns that PostgreSQL may compress (text, varchar and bytea: storage extended or main). Quartz's
    /// tables are its own (it creates and migrates them). A later migration declares lz4 on such a column it adds (Npgsql's
    /// compression-method annotation, or SET COMPRESSION); ToastCompressionTests holds every one to it.
    /// </summary>
    private const string CompressibleColumns = """
        SELECT c.relname AS table_name, a.attname AS column_name
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname NOT ILIKE 'qrtz%'
          AND a.attnum > 0 AND NOT a.attisdropped AND a.attstorage IN ('x', 'm')
        """;

    protected override void Up(MigrationBuilder migrationBuilder) => SetCompression(migrationBuilder, "lz4");

    protected override void Down(MigrationBuilder migrationBuilder) => SetCompression(migrationBuilder, "default");

    private static void SetCompression(MigrationBuilder migrationBuilder, string method)
    {
        if (!migrationBuilder.IsNpgsql())
        {
            return;
        }

        migrationBuilder.Sql($$"""
            DO $$
            DECLARE col record;
            BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
                RAISE NOTICE 'This PostgreSQL is built without lz4; TOAST compression stays pglz.';
                RETURN;
              END IF;
              FOR col IN {{CompressibleColumns}}
              LOOP
                EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET COMPRESSION {{method}}', col.table_name, col.column_name);
              END LOOP;
            END $$;
            """);
    }
}
