using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>
/// The billing code table with its effective dates (S0013 ends 2025-12-31, J0013 starts 2026-01-01: a new row, not a
/// code change), how a REMS form was submitted (online or fax), and prior authorizations of courses with ClinicAdmins'
/// overrides.
/// </summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261122170100_BackOffice")]
public sealed class BackOffice : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "BillingCodes",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Item = table.Column<string>(maxLength: 32, nullable: false),
                Code = table.Column<string>(maxLength: 8, nullable: false),
                EffectiveFrom = table.Column<DateOnly>(nullable: false),
                EffectiveThrough = table.Column<DateOnly>(nullable: true),
                Description = table.Column<string>(maxLength: 200, nullable: false),
                Unit = table.Column<string>(maxLength: 16, nullable: false),
                Source = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_BillingCodes", x => x.Id));
        migrationBuilder.CreateIndex("IX_BillingCodes_Item_EffectiveFrom", "BillingCodes", ["Item", "EffectiveFrom"], unique: true);

        // Plain INSERTs: dates as ISO literals read the same on SQLite (TEXT) and PostgreSQL (date).
        const string pfs = "CMS CY2020 Physician Fee Schedule final rule (84 FR 62568)";
        const string cpt = "AMA CPT, Hydration, Therapeutic, Prophylactic, Diagnostic Injections and Infusions";
        (int Id, string Item, string Code, string From, string? Through, string Description, string Unit, string Source)[] rows =
        [
            (1, "EsketamineSessionUpTo56Mg", "G2082", "2020-01-01", null, "Esketamine nasal self-administration, up to 56 mg, with 2 hours of observation (established patient)", "session", pfs),
            (2, "EsketamineSessionAbove56Mg", "G2083", "2020-01-01", null, "Esketamine nasal self-administration, greater than 56 mg, with 2 hours of observation (established patient)", "session", pfs),
            (3, "EsketamineDrugPerMg", "S0013", "2019-07-01", "2025-12-31", "Esketamine, nasal spray, 1 mg", "mg", "HCPCS Level II S-code (commercial payers)"),
            (4, "EsketamineDrugPerMg", "J0013", "2026-01-01", null, "Esketamine, nasal spray, 1 mg", "mg", "HCPCS 2026 annual update (replaces S0013)"),
            (5, "KetamineDrug", "J3490", "2000-01-01", null, "Unclassified drugs (ketamine hydrochloride, with NDC)", "dose", "HCPCS Level II"),
            (6, "InfusionInitialHour", "96365", "2009-01-01", null, "Intravenous infusion, for therapy, prophylaxis, or diagnosis; initial, up to 1 hour", "session", cpt),
            (7, "InfusionAdditionalHour", "96366", "2009-01-01", null, "Intravenous infusion, for therapy, prophylaxis, or diagnosis; each additional hour", "hour", cpt),
        ];
        foreach (var r in rows)
        {
            var through = r.Through is null ? "NULL" : $"'{r.Through}'";
            migrationBuilder.Sql($"""
                INSERT INTO "BillingCodes" ("Id", "Item", "Code", "EffectiveFrom", "EffectiveThrough", "Description", "Unit", "Source")
                VALUES ({r.Id}, '{r.Item}', '{r.Code}', '{r.From}', {through}, '{r.Description}', '{r.Unit}', '{r.Source}');
                """);
        }

        migrationBuilder.AddColumn<string>("SubmissionMethod", "RemsMonitoringRecords", maxLength: 16, nullable: true);

        migrationBuilder.CreateTable(
            name: "PriorAuthorizations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                CourseId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                Payer = table.Column<string>(maxLength: 100, nullable: false),
                ReferenceNumber = table.Column<string>(maxLength: 64, nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                ApprovedSessions = table.Column<int>(nullable: true),
                ValidFrom = table.Column<DateOnly>(nullable: true),
                ValidThrough = table.Column<DateOnly>(nullable: true),
                Documents = table.Column<string>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PriorAuthorizations", x => x.Id);
                table.ForeignKey("FK_PriorAuthorizations_Courses_CourseId", x => x.CourseId, "Courses", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_PriorAuthorizations_CourseId", "PriorAuthorizations", "CourseId");

        migrationBuilder.CreateTable(
            name: "PriorAuthorizationOverrides",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                CourseId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                Dates = table.Column<string>(nullable: false),
                Reason = table.Column<string>(maxLength: 500, nullable: false),
                By = table.Column<string>(maxLength: 128, nullable: false),
                At = table.Column<DateTime>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PriorAuthorizationOverrides", x => x.Id);
                table.ForeignKey("FK_PriorAuthorizationOverrides_Courses_CourseId", x => x.CourseId, "Courses", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_PriorAuthorizationOverrides_CourseId", "PriorAuthorizationOverrides", "CourseId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("PriorAuthorizationOverrides");
        migrationBuilder.DropTable("PriorAuthorizations");
        migrationBuilder.DropColumn("SubmissionMethod", "RemsMonitoringRecords");
        migrationBuilder.DropTable("BillingCodes");
    }
}
