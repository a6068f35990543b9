using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>
/// Screening safety (rule set 2026.11.2): the indication, corrections, per-finding approvals and acknowledgements of
/// urgent screenings; the caller's sites on every audit entry. Existing screenings keep their stored verdicts; their
/// indication is the one their treatment implied before indications were asked.
/// </summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261122090000_ScreeningSafety")]
public sealed class ScreeningSafety : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("Indication", "Screenings", maxLength: 48, nullable: false, defaultValue: "TreatmentResistantDepression");
        migrationBuilder.Sql("""UPDATE "Screenings" SET "Indication" = 'ClinicProtocol' WHERE "Treatment" = 'IvKetamine';""");
        migrationBuilder.AddColumn<string>("Correction", "Screenings", nullable: true);
        migrationBuilder.AddColumn<string>("AcceptedFindings", "Screenings", nullable: false, defaultValue: "[]");
        migrationBuilder.AddColumn<string>("AcknowledgedBy", "Screenings", maxLength: 128, nullable: true);
        migrationBuilder.AddColumn<DateTime>("AcknowledgedAt", "Screenings", nullable: true);
        migrationBuilder.AddColumn<string>("AcknowledgementNote", "Screenings", maxLength: 1000, nullable: true);
        migrationBuilder.CreateIndex("IX_Screenings_SiteId_Urgent_AcknowledgedAt", "Screenings", ["SiteId", "Urgent", "AcknowledgedAt"]);

        // Adding a column is DDL, so the append-only triggers do not fire; older entries have no caller sites.
        migrationBuilder.AddColumn<string>("CallerSiteIds", "AuditEntries", nullable: false, defaultValue: "");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("CallerSiteIds", "AuditEntries");
        migrationBuilder.DropIndex("IX_Screenings_SiteId_Urgent_AcknowledgedAt", "Screenings");
        migrationBuilder.DropColumn("AcknowledgementNote", "Screenings");
        migrationBuilder.DropColumn("AcknowledgedAt", "Screenings");
        migrationBuilder.DropColumn("AcknowledgedBy", "Screenings");
        migrationBuilder.DropColumn("AcceptedFindings", "Screenings");
        migrationBuilder.DropColumn("Correction", "Screenings");
        migrationBuilder.DropColumn("Indication", "Screenings");
    }
}
