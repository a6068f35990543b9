using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>Sites and patients. Hand-written and provider-neutral (see docs/decisions/0002-hand-written-migrations.md).</summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261121090000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Sites",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Code = table.Column<string>(maxLength: 32, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                TimeZoneId = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Sites", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Patients",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                GivenName = table.Column<string>(maxLength: 100, nullable: false),
                FamilyName = table.Column<string>(maxLength: 100, nullable: false),
                DateOfBirth = table.Column<DateOnly>(nullable: false),
                Sex = table.Column<string>(maxLength: 16, nullable: false),
                Phone = table.Column<string>(maxLength: 16, nullable: true),
                Email = table.Column<string>(maxLength: 254, nullable: true),
                ExternalMrn = table.Column<string>(maxLength: 64, nullable: true),
                EmergencyContactName = table.Column<string>(maxLength: 200, nullable: true),
                EmergencyContactPhone = table.Column<string>(maxLength: 16, nullable: true),
                EmergencyContactRelationship = table.Column<string>(maxLength: 50, nullable: true),
                PreferredContactChannel = table.Column<string>(maxLength: 16, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Patients", x => x.Id);
                table.ForeignKey("FK_Patients_Sites_SiteId", x => x.SiteId, "Sites", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_Sites_Code", "Sites", "Code", unique: true);
        migrationBuilder.CreateIndex("IX_Patients_SiteId_ExternalMrn", "Patients", ["SiteId", "ExternalMrn"], unique: true);
        migrationBuilder.CreateIndex("IX_Patients_SiteId_FamilyName_GivenName", "Patients", ["SiteId", "FamilyName", "GivenName"]);
        migrationBuilder.CreateIndex("IX_Patients_DateOfBirth", "Patients", "DateOfBirth");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Patients");
        migrationBuilder.DropTable("Sites");
    }
}
