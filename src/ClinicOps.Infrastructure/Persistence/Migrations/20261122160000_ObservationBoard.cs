using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>
/// The observation board's change sequence counts a site's readings and sums its alert versions on every poll
/// (ADR 0014): both tables get an index on the site.
/// </summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261122160000_ObservationBoard")]
public sealed class ObservationBoard : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("IX_VitalsReadings_SiteId", "VitalsReadings", "SiteId");
        migrationBuilder.CreateIndex("IX_SessionAlerts_SiteId", "SessionAlerts", "SiteId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_SessionAlerts_SiteId", "SessionAlerts");
        migrationBuilder.DropIndex("IX_VitalsReadings_SiteId", "VitalsReadings");
    }
}
