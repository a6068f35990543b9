using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>
/// The treatment day: sessions (check-in, dose, end), append-only vitals readings corrected by addenda, alerts, REMS
/// monitoring records, and each site's alert thresholds.
/// </summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261122130000_TreatmentDay")]
public sealed class TreatmentDay : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("AlertThresholds", "Sites", nullable: false, defaultValue: "{}");

        migrationBuilder.CreateTable(
            name: "TreatmentSessions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AppointmentId = table.Column<Guid>(nullable: false),
                CourseId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                ProtocolId = table.Column<Guid>(nullable: false),
                Treatment = table.Column<string>(maxLength: 16, nullable: false),
                Phase = table.Column<string>(maxLength: 16, nullable: false),
                SessionNumber = table.Column<int>(nullable: false),
                MonitoringMinutes = table.Column<int>(nullable: false),
                CheckpointPlan = table.Column<string>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                CheckIn = table.Column<string>(nullable: false),
                CheckedInAt = table.Column<DateTime>(nullable: false),
                CheckInReceivedAt = table.Column<DateTime>(nullable: false),
                Phq9Total = table.Column<int>(nullable: true),
                Overrides = table.Column<string>(nullable: false),
                Dose = table.Column<string>(nullable: true),
                Flags = table.Column<string>(nullable: false),
                End = table.Column<string>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TreatmentSessions", x => x.Id);
                table.ForeignKey("FK_TreatmentSessions_Appointments_AppointmentId", x => x.AppointmentId, "Appointments", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_TreatmentSessions_Courses_CourseId", x => x.CourseId, "Courses", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_TreatmentSessions_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_TreatmentSessions_Sites_SiteId", x => x.SiteId, "Sites", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_TreatmentSessions_Protocols_ProtocolId", x => x.ProtocolId, "Protocols", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_TreatmentSessions_AppointmentId", "TreatmentSessions", "AppointmentId", unique: true);
        migrationBuilder.CreateIndex("IX_TreatmentSessions_SiteId_Status", "TreatmentSessions", ["SiteId", "Status"]);
        migrationBuilder.CreateIndex("IX_TreatmentSessions_CourseId", "TreatmentSessions", "CourseId");
        migrationBuilder.CreateIndex("IX_TreatmentSessions_PatientId", "TreatmentSessions", "PatientId");
        migrationBuilder.CreateIndex("IX_TreatmentSessions_ProtocolId", "TreatmentSessions", "ProtocolId");

        migrationBuilder.CreateTable(
            name: "VitalsReadings",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                MeasuredAt = table.Column<DateTime>(nullable: false),
                Systolic = table.Column<int>(nullable: true),
                Diastolic = table.Column<int>(nullable: true),
                HeartRate = table.Column<int>(nullable: true),
                SpO2 = table.Column<int>(nullable: true),
                RespiratoryRate = table.Column<int>(nullable: true),
                Moaas = table.Column<int>(nullable: true),
                Dissociation = table.Column<string>(maxLength: 16, nullable: true),
                CadssScore = table.Column<int>(nullable: true),
                Note = table.Column<string>(maxLength: 500, nullable: true),
                ReceivedAt = table.Column<DateTime>(nullable: false),
                CorrectsId = table.Column<Guid>(nullable: true),
                CorrectionReason = table.Column<string>(maxLength: 1000, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_VitalsReadings", x => x.Id);
                table.ForeignKey("FK_VitalsReadings_TreatmentSessions_SessionId", x => x.SessionId, "TreatmentSessions", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_VitalsReadings_CorrectsId", "VitalsReadings", "CorrectsId", unique: true);
        migrationBuilder.CreateIndex("IX_VitalsReadings_SessionId_MeasuredAt", "VitalsReadings", ["SessionId", "MeasuredAt"]);

        migrationBuilder.CreateTable(
            name: "SessionAlerts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                ReadingId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 32, nullable: false),
                Message = table.Column<string>(maxLength: 300, nullable: false),
                RaisedAt = table.Column<DateTime>(nullable: false),
                ResolvedAt = table.Column<DateTime>(nullable: true),
                ResolvedBy = table.Column<string>(maxLength: 128, nullable: true),
                ResolutionNote = table.Column<string>(maxLength: 1000, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SessionAlerts", x => x.Id);
                table.ForeignKey("FK_SessionAlerts_TreatmentSessions_SessionId", x => x.SessionId, "TreatmentSessions", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_SessionAlerts_VitalsReadings_ReadingId", x => x.ReadingId, "VitalsReadings", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_SessionAlerts_SessionId_ResolvedAt", "SessionAlerts", ["SessionId", "ResolvedAt"]);
        migrationBuilder.CreateIndex("IX_SessionAlerts_ReadingId", "SessionAlerts", "ReadingId");

        migrationBuilder.CreateTable(
            name: "RemsMonitoringRecords",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                Treatment = table.Column<string>(maxLength: 16, nullable: false),
                Form = table.Column<string>(nullable: false),
                DueBy = table.Column<DateTime>(nullable: false),
                SubmittedAt = table.Column<DateTime>(nullable: true),
                SubmittedBy = table.Column<string>(maxLength: 128, nullable: true),
                SubmissionReference = table.Column<string>(maxLength: 64, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RemsMonitoringRecords", x => x.Id);
                table.ForeignKey("FK_RemsMonitoringRecords_TreatmentSessions_SessionId", x => x.SessionId, "TreatmentSessions", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_RemsMonitoringRecords_SessionId", "RemsMonitoringRecords", "SessionId", unique: true);
        migrationBuilder.CreateIndex("IX_RemsMonitoringRecords_SiteId_SubmittedAt_DueBy", "RemsMonitoringRecords", ["SiteId", "SubmittedAt", "DueBy"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("RemsMonitoringRecords");
        migrationBuilder.DropTable("SessionAlerts");
        migrationBuilder.DropTable("VitalsReadings");
        migrationBuilder.DropTable("TreatmentSessions");
        migrationBuilder.DropColumn("AlertThresholds", "Sites");
    }
}
