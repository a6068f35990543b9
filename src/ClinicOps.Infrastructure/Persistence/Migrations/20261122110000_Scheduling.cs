using ClinicOps.Domain.Scheduling;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>
/// Scheduling: the protocol catalog (seeded), treatment courses, chairs, opening hours and closures, REMS
/// certification and enrollment, appointments, and the slot tables whose primary keys refuse double bookings.
/// </summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261122110000_Scheduling")]
public sealed class Scheduling : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("OpeningHours", "Sites", nullable: false, defaultValue: "[]");
        migrationBuilder.AddColumn<string>("Closures", "Sites", nullable: false, defaultValue: "[]");
        migrationBuilder.AddColumn<DateOnly>("RemsCertifiedOn", "Sites", nullable: true);
        migrationBuilder.AddColumn<string>("RemsCertificationReference", "Sites", maxLength: 64, nullable: true);

        migrationBuilder.CreateTable(
            name: "Protocols",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Code = table.Column<string>(maxLength: 32, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Treatment = table.Column<string>(maxLength: 16, nullable: false),
                Indication = table.Column<string>(maxLength: 48, nullable: false),
                InductionSessions = table.Column<int>(nullable: false),
                InductionWindowDays = table.Column<int>(nullable: false),
                InductionMinDaysBetweenDoses = table.Column<int>(nullable: false),
                InductionMaxSessionsPerWeek = table.Column<int>(nullable: false),
                InductionWeekdays = table.Column<string>(nullable: false),
                MaintenanceMinDaysBetweenDoses = table.Column<int>(nullable: false),
                MaintenanceSessionsPerReevaluation = table.Column<int>(nullable: true),
                Doses = table.Column<string>(nullable: false),
                CheckInMinutes = table.Column<int>(nullable: false),
                DosingMinutes = table.Column<int>(nullable: false),
                MonitoringMinutes = table.Column<int>(nullable: false),
                BufferMinutes = table.Column<int>(nullable: false),
                RetiredAt = table.Column<DateTime>(nullable: true),
                RetirementReason = table.Column<string>(maxLength: 1000, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Protocols", x => x.Id));
        migrationBuilder.CreateIndex("IX_Protocols_Code", "Protocols", "Code", unique: true);

        migrationBuilder.CreateTable(
            name: "Chairs",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 64, nullable: false),
                Active = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Chairs", x => x.Id);
                table.ForeignKey("FK_Chairs_Sites_SiteId", x => x.SiteId, "Sites", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_Chairs_SiteId_Name", "Chairs", ["SiteId", "Name"], unique: true);

        migrationBuilder.CreateTable(
            name: "RemsEnrollments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                EnrolledOn = table.Column<DateOnly>(nullable: false),
                Reference = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RemsEnrollments", x => x.Id);
                table.ForeignKey("FK_RemsEnrollments_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_RemsEnrollments_Sites_SiteId", x => x.SiteId, "Sites", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_RemsEnrollments_PatientId", "RemsEnrollments", "PatientId", unique: true);
        migrationBuilder.CreateIndex("IX_RemsEnrollments_SiteId", "RemsEnrollments", "SiteId");

        migrationBuilder.CreateTable(
            name: "Courses",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                ProtocolId = table.Column<Guid>(nullable: false),
                ScreeningId = table.Column<Guid>(nullable: false),
                PrescribingClinician = table.Column<string>(maxLength: 128, nullable: false),
                Phase = table.Column<string>(maxLength: 16, nullable: false),
                Transitions = table.Column<string>(nullable: false),
                Reevaluations = table.Column<string>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Courses", x => x.Id);
                table.ForeignKey("FK_Courses_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Courses_Sites_SiteId", x => x.SiteId, "Sites", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Courses_Protocols_ProtocolId", x => x.ProtocolId, "Protocols", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Courses_Screenings_ScreeningId", x => x.ScreeningId, "Screenings", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_Courses_PatientId_Phase", "Courses", ["PatientId", "Phase"]);
        migrationBuilder.CreateIndex("IX_Courses_SiteId", "Courses", "SiteId");
        migrationBuilder.CreateIndex("IX_Courses_ProtocolId", "Courses", "ProtocolId");
        migrationBuilder.CreateIndex("IX_Courses_ScreeningId", "Courses", "ScreeningId");

        migrationBuilder.CreateTable(
            name: "Appointments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 24, nullable: false),
                StartsAt = table.Column<DateTime>(nullable: false),
                EndsAt = table.Column<DateTime>(nullable: false),
                LocalStart = table.Column<string>(maxLength: 16, nullable: false),
                ChairId = table.Column<Guid>(nullable: true),
                CourseId = table.Column<Guid>(nullable: true),
                Phase = table.Column<string>(maxLength: 16, nullable: true),
                SessionNumber = table.Column<int>(nullable: true),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                CancellationReason = table.Column<string>(maxLength: 1000, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Appointments", x => x.Id);
                table.ForeignKey("FK_Appointments_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Appointments_Sites_SiteId", x => x.SiteId, "Sites", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Appointments_Chairs_ChairId", x => x.ChairId, "Chairs", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Appointments_Courses_CourseId", x => x.CourseId, "Courses", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_Appointments_SiteId_StartsAt", "Appointments", ["SiteId", "StartsAt"]);
        migrationBuilder.CreateIndex("IX_Appointments_PatientId_StartsAt", "Appointments", ["PatientId", "StartsAt"]);
        migrationBuilder.CreateIndex("IX_Appointments_CourseId_Phase_SessionNumber", "Appointments", ["CourseId", "Phase", "SessionNumber"]);
        migrationBuilder.CreateIndex("IX_Appointments_ChairId", "Appointments", "ChairId");

        migrationBuilder.CreateTable(
            name: "ChairSlots",
            columns: table => new
            {
                ChairId = table.Column<Guid>(nullable: false),
                StartsAt = table.Column<DateTime>(nullable: false),
                AppointmentId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ChairSlots", x => new { x.ChairId, x.StartsAt });
                table.ForeignKey("FK_ChairSlots_Chairs_ChairId", x => x.ChairId, "Chairs", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_ChairSlots_Appointments_AppointmentId", x => x.AppointmentId, "Appointments", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ChairSlots_AppointmentId", "ChairSlots", "AppointmentId");

        migrationBuilder.CreateTable(
            name: "PatientSlots",
            columns: table => new
            {
                PatientId = table.Column<Guid>(nullable: false),
                StartsAt = table.Column<DateTime>(nullable: false),
                AppointmentId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PatientSlots", x => new { x.PatientId, x.StartsAt });
                table.ForeignKey("FK_PatientSlots_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_PatientSlots_Appointments_AppointmentId", x => x.AppointmentId, "Appointments", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_PatientSlots_AppointmentId", "PatientSlots", "AppointmentId");

        SeedProtocols(migrationBuilder);
    }

    private static void SeedProtocols(MigrationBuilder migrationBuilder)
    {
        // Without a model snapshot EF needs the store types of seeded columns; each provider maps these CLR types itself.
        var sqlite = migrationBuilder.IsSqlite();
        string Text() => sqlite ? "TEXT" : "text";
        string Integer() => sqlite ? "INTEGER" : "integer";
        string[] columnTypes =
        [
            sqlite ? "TEXT" : "uuid", Text(), Text(), Text(), Text(), Integer(), Integer(), Integer(),
            Integer(), Text(), Integer(), Integer(),
            Text(), Integer(), Integer(), Integer(), Integer(),
            sqlite ? "TEXT" : "timestamp with time zone", Text(), sqlite ? "TEXT" : "timestamp with time zone", Text(), Integer(),
        ];
        var seededAt = new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);
        foreach (var (id, p) in new[]
                 {
                     (SeededProtocols.EsketamineTrdId, SeededProtocols.EsketamineTrd),
                     (SeededProtocols.EsketamineMddSiId, SeededProtocols.EsketamineMddSuicidalIdeation),
                     (SeededProtocols.IvKetamineId, SeededProtocols.IvKetamine),
                 })
        {
            migrationBuilder.InsertData(
                "Protocols",
                [
                    "Id", "Code", "Name", "Treatment", "Indication", "InductionSessions", "InductionWindowDays", "InductionMinDaysBetweenDoses",
                    "InductionMaxSessionsPerWeek", "InductionWeekdays", "MaintenanceMinDaysBetweenDoses", "MaintenanceSessionsPerReevaluation",
                    "Doses", "CheckInMinutes", "DosingMinutes", "MonitoringMinutes", "BufferMinutes",
                    "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy", "Version",
                ],
                columnTypes,
                [
                    id, p.Code, p.Name, p.Treatment.ToString(), p.Indication.ToString(), p.InductionSessions, p.InductionWindowDays, p.InductionMinDaysBetweenDoses,
                    p.InductionMaxSessionsPerWeek, JsonColumn.Serialize(p.InductionWeekdays), p.MaintenanceMinDaysBetweenDoses, p.MaintenanceSessionsPerReevaluation,
                    JsonColumn.Serialize(p.Doses), p.CheckInMinutes, p.DosingMinutes, p.MonitoringMinutes, p.BufferMinutes,
                    seededAt, "system", seededAt, "system", 1,
                ]);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("PatientSlots");
        migrationBuilder.DropTable("ChairSlots");
        migrationBuilder.DropTable("Appointments");
        migrationBuilder.DropTable("Courses");
        migrationBuilder.DropTable("RemsEnrollments");
        migrationBuilder.DropTable("Chairs");
        migrationBuilder.DropTable("Protocols");
        migrationBuilder.DropColumn("RemsCertificationReference", "Sites");
        migrationBuilder.DropColumn("RemsCertifiedOn", "Sites");
        migrationBuilder.DropColumn("Closures", "Sites");
        migrationBuilder.DropColumn("OpeningHours", "Sites");
    }
}
