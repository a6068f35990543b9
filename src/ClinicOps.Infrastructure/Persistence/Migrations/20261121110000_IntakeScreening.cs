using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>Intake screenings: answers, thresholds and verdict stored together; corrections supersede.</summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261121110000_IntakeScreening")]
public sealed class IntakeScreening : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Screenings",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                Input = table.Column<string>(nullable: false),
                Thresholds = table.Column<string>(nullable: false),
                ScreenedOn = table.Column<DateOnly>(nullable: false),
                Treatment = table.Column<string>(maxLength: 16, nullable: false),
                RuleSetVersion = table.Column<string>(maxLength: 32, nullable: false),
                Outcome = table.Column<string>(maxLength: 32, nullable: false),
                Urgent = table.Column<bool>(nullable: false),
                Phq9Total = table.Column<int>(nullable: false),
                Phq9Severity = table.Column<string>(maxLength: 32, nullable: false),
                CssrsRisk = table.Column<string>(maxLength: 16, nullable: false),
                Rules = table.Column<string>(nullable: false),
                HasHardStop = table.Column<bool>(nullable: false),
                ClinicianMayOverride = table.Column<bool>(nullable: false),
                Sequence = table.Column<int>(nullable: false),
                SupersedesId = table.Column<Guid>(nullable: true),
                ReviewDecision = table.Column<string>(maxLength: 16, nullable: true),
                ReviewReason = table.Column<string>(maxLength: 1000, nullable: true),
                ReviewedBy = table.Column<string>(maxLength: 128, nullable: true),
                ReviewedAt = table.Column<DateTime>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Screenings", x => x.Id);
                table.ForeignKey("FK_Screenings_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Screenings_Sites_SiteId", x => x.SiteId, "Sites", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_Screenings_SupersedesId", "Screenings", "SupersedesId", unique: true);
        migrationBuilder.CreateIndex("IX_Screenings_PatientId_Sequence", "Screenings", ["PatientId", "Sequence"], unique: true);
        migrationBuilder.CreateIndex("IX_Screenings_SiteId_Outcome_ReviewDecision", "Screenings", ["SiteId", "Outcome", "ReviewDecision"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Screenings");
}
