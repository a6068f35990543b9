using ClinicOps.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>
/// Search keys of patients' names, so that name search (FHIR string search: starts with, case- and accent-insensitive)
/// is a range on an index (docs/decisions/0017-patient-name-search.md). On PostgreSQL the keys are in the "C" collation,
/// in which such a range is exactly "starts with". The keys of existing rows are computed in C# by the same function
/// the entity uses, which SQL cannot reproduce: <see cref="PatientNameKeyBackfill"/> fills every NULL key right after
/// the migrations run.
/// </summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261123090000_PatientNameSearchKeys")]
public sealed class PatientNameSearchKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var collation = migrationBuilder.IsNpgsql() ? PatientConfiguration.OrdinalCollation : null;
        migrationBuilder.AddColumn<string>("GivenNameKey", "Patients", maxLength: 100, nullable: true, collation: collation);
        migrationBuilder.AddColumn<string>("FamilyNameKey", "Patients", maxLength: 100, nullable: true, collation: collation);
        migrationBuilder.CreateIndex("IX_Patients_SiteId_GivenNameKey", "Patients", ["SiteId", "GivenNameKey"]);
        migrationBuilder.CreateIndex("IX_Patients_SiteId_FamilyNameKey", "Patients", ["SiteId", "FamilyNameKey"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Patients_SiteId_FamilyNameKey", "Patients");
        migrationBuilder.DropIndex("IX_Patients_SiteId_GivenNameKey", "Patients");
        migrationBuilder.DropColumn("FamilyNameKey", "Patients");
        migrationBuilder.DropColumn("GivenNameKey", "Patients");
    }
}
