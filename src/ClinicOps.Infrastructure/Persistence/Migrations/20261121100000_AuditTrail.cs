using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>The append-only audit trail: the table, its indexes, and triggers that refuse UPDATE and DELETE.</summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261121100000_AuditTrail")]
public sealed class AuditTrail : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                OccurredAt = table.Column<DateTime>(nullable: false),
                Subject = table.Column<string>(maxLength: 128, nullable: false),
                Roles = table.Column<string>(maxLength: 200, nullable: false),
                SiteId = table.Column<Guid>(nullable: true),
                Action = table.Column<string>(maxLength: 16, nullable: false),
                EntityType = table.Column<string>(maxLength: 64, nullable: false),
                EntityId = table.Column<string>(maxLength: 64, nullable: true),
                PatientId = table.Column<Guid>(nullable: true),
                Outcome = table.Column<string>(maxLength: 16, nullable: false),
                CorrelationId = table.Column<string>(maxLength: 64, nullable: false),
                ClientAddress = table.Column<string>(maxLength: 64, nullable: true),
                Operation = table.Column<string>(maxLength: 200, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_AuditEntries", x => x.Id));

        migrationBuilder.CreateIndex("IX_AuditEntries_OccurredAt", "AuditEntries", "OccurredAt");
        migrationBuilder.CreateIndex("IX_AuditEntries_PatientId_OccurredAt", "AuditEntries", ["PatientId", "OccurredAt"]);
        migrationBuilder.CreateIndex("IX_AuditEntries_Subject_OccurredAt", "AuditEntries", ["Subject", "OccurredAt"]);
        migrationBuilder.CreateIndex("IX_AuditEntries_SiteId_OccurredAt", "AuditEntries", ["SiteId", "OccurredAt"]);

        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                """);
        }
        else if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_AppendOnly" BEFORE UPDATE OR DELETE OR TRUNCATE ON "AuditEntries"
                FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("AuditEntries");
        if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            migrationBuilder.Sql("DROP FUNCTION audit_entries_append_only();");
        }
    }
}
