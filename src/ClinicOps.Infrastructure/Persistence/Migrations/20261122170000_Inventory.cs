using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>
/// Schedule III inventory: lots with their on-hand count (never negative: a check constraint), the append-only ledger
/// and physical counts (both refused UPDATE and DELETE by triggers, like the audit trail).
/// </summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261122170000_Inventory")]
public sealed class Inventory : Migration
{
    private const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "InventoryLots",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                Product = table.Column<string>(maxLength: 32, nullable: false),
                LotNumber = table.Column<string>(maxLength: 32, nullable: false),
                Strength = table.Column<string>(maxLength: 32, nullable: true),
                ExpiresOn = table.Column<DateOnly>(nullable: false),
                OnHand = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_InventoryLots", x => x.Id);
                table.ForeignKey("FK_InventoryLots_Sites_SiteId", x => x.SiteId, "Sites", "Id", onDelete: ReferentialAction.Restrict);
                table.CheckConstraint("CK_InventoryLots_OnHand", "\"OnHand\" >= 0");
            });
        migrationBuilder.CreateIndex("IX_InventoryLots_SiteId_Product_LotNumber", "InventoryLots", ["SiteId", "Product", "LotNumber"], unique: true);

        migrationBuilder.CreateTable(
            name: "LedgerEntries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                LotId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                Quantity = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 128, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
                Supplier = table.Column<string>(maxLength: 100, nullable: true),
                SessionId = table.Column<Guid>(nullable: true),
                WitnessedBy = table.Column<string>(maxLength: 128, nullable: true),
                Reason = table.Column<string>(maxLength: 500, nullable: true),
                ReconciliationId = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                table.ForeignKey("FK_LedgerEntries_InventoryLots_LotId", x => x.LotId, "InventoryLots", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_LedgerEntries_TreatmentSessions_SessionId", x => x.SessionId, "TreatmentSessions", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_LedgerEntries_LotId_RecordedAt", "LedgerEntries", ["LotId", "RecordedAt"]);
        migrationBuilder.CreateIndex("IX_LedgerEntries_SessionId", "LedgerEntries", "SessionId");

        migrationBuilder.CreateTable(
            name: "InventoryCounts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                LotId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                Counted = table.Column<int>(nullable: false),
                LedgerOnHand = table.Column<int>(nullable: false),
                Discrepancy = table.Column<int>(nullable: false),
                CountedBy = table.Column<string>(maxLength: 128, nullable: false),
                CountedAt = table.Column<DateTime>(nullable: false),
                Note = table.Column<string>(maxLength: 500, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_InventoryCounts", x => x.Id);
                table.ForeignKey("FK_InventoryCounts_InventoryLots_LotId", x => x.LotId, "InventoryLots", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_InventoryCounts_LotId_CountedAt", "InventoryCounts", ["LotId", "CountedAt"]);

        if (migrationBuilder.ActiveProvider == Npgsql)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION inventory_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$;
                """);
        }

        foreach (var table in new[] { "LedgerEntries", "InventoryCounts" })
        {
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_NoUpdate" BEFORE UPDATE ON "{table}"
                    BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_NoDelete" BEFORE DELETE ON "{table}"
                    BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END;
                    """);
            }
            else if (migrationBuilder.ActiveProvider == Npgsql)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_AppendOnly" BEFORE UPDATE OR DELETE OR TRUNCATE ON "{table}"
                    FOR EACH STATEMENT EXECUTE FUNCTION inventory_append_only();
                    """);
            }
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("InventoryCounts");
        migrationBuilder.DropTable("LedgerEntries");
        migrationBuilder.DropTable("InventoryLots");
        if (migrationBuilder.ActiveProvider == Npgsql)
        {
            migrationBuilder.Sql("DROP FUNCTION inventory_append_only();");
        }
    }
}
