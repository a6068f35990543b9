using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>
/// The transactional outbox, reminders, webhook subscriptions and deliveries, and each site's reminder offsets.
/// Quartz's own tables (QRTZ_*) are not here: Quartz provisions them itself on first start (ADR 0012).
/// </summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261122150000_RemindersAndEvents")]
public sealed class RemindersAndEvents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("ReminderSettings", "Sites", nullable: false, defaultValue: "{}");

        migrationBuilder.CreateTable(
            name: "OutboxEvents",
            columns: table => new
            {
                Sequence = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Id = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: true),
                Type = table.Column<string>(maxLength: 64, nullable: false),
                SubjectId = table.Column<Guid>(nullable: false),
                OccurredAt = table.Column<DateTime>(nullable: false),
                Data = table.Column<string>(nullable: false),
                DispatchedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_OutboxEvents", x => x.Sequence));
        migrationBuilder.CreateIndex("IX_OutboxEvents_Id", "OutboxEvents", "Id", unique: true);
        migrationBuilder.CreateIndex("IX_OutboxEvents_SiteId_Sequence", "OutboxEvents", ["SiteId", "Sequence"]);
        migrationBuilder.CreateIndex("IX_OutboxEvents_DispatchedAt_Sequence", "OutboxEvents", ["DispatchedAt", "Sequence"]);

        migrationBuilder.CreateTable(
            name: "Reminders",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                SubjectId = table.Column<Guid>(nullable: false),
                AppointmentId = table.Column<Guid>(nullable: true),
                Kind = table.Column<string>(maxLength: 40, nullable: false),
                Audience = table.Column<string>(maxLength: 16, nullable: false),
                Label = table.Column<string>(maxLength: 32, nullable: false),
                DueAt = table.Column<DateTime>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Attempts = table.Column<int>(nullable: false),
                SentAt = table.Column<DateTime>(nullable: true),
                EventId = table.Column<Guid>(nullable: true),
                CancellationReason = table.Column<string>(maxLength: 200, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Reminders", x => x.Id);
                table.ForeignKey("FK_Reminders_Sites_SiteId", x => x.SiteId, "Sites", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Reminders_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_Reminders_SiteId_Status_DueAt", "Reminders", ["SiteId", "Status", "DueAt"]);
        migrationBuilder.CreateIndex("IX_Reminders_PatientId_DueAt", "Reminders", ["PatientId", "DueAt"]);
        migrationBuilder.CreateIndex("IX_Reminders_SubjectId", "Reminders", "SubjectId");
        migrationBuilder.CreateIndex("IX_Reminders_AppointmentId", "Reminders", "AppointmentId");
        migrationBuilder.CreateIndex("IX_Reminders_EventId", "Reminders", "EventId");

        migrationBuilder.CreateTable(
            name: "WebhookSubscriptions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                Url = table.Column<string>(maxLength: 2000, nullable: false),
                EventTypes = table.Column<string>(nullable: false),
                Secret = table.Column<string>(maxLength: 100, nullable: false),
                PreviousSecret = table.Column<string>(maxLength: 100, nullable: true),
                PreviousSecretExpiresAt = table.Column<DateTime>(nullable: true),
                Active = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WebhookSubscriptions", x => x.Id);
                table.ForeignKey("FK_WebhookSubscriptions_Sites_SiteId", x => x.SiteId, "Sites", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_WebhookSubscriptions_SiteId", "WebhookSubscriptions", "SiteId");

        migrationBuilder.CreateTable(
            name: "WebhookDeliveries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SubscriptionId = table.Column<Guid>(nullable: false),
                SiteId = table.Column<Guid>(nullable: false),
                EventId = table.Column<Guid>(nullable: false),
                EventSequence = table.Column<long>(nullable: false),
                EventType = table.Column<string>(maxLength: 64, nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: true),
                LeasedUntil = table.Column<DateTime>(nullable: true),
                LastAttemptAt = table.Column<DateTime>(nullable: true),
                LastStatusCode = table.Column<int>(nullable: true),
                LastError = table.Column<string>(maxLength: 200, nullable: true),
                DeliveredAt = table.Column<DateTime>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 128, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 128, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
                table.ForeignKey("FK_WebhookDeliveries_WebhookSubscriptions_SubscriptionId", x => x.SubscriptionId, "WebhookSubscriptions", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_WebhookDeliveries_Sites_SiteId", x => x.SiteId, "Sites", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_WebhookDeliveries_SubscriptionId_EventId", "WebhookDeliveries", ["SubscriptionId", "EventId"], unique: true);
        migrationBuilder.CreateIndex("IX_WebhookDeliveries_Status_NextAttemptAt", "WebhookDeliveries", ["Status", "NextAttemptAt"]);
        migrationBuilder.CreateIndex("IX_WebhookDeliveries_SiteId_Status", "WebhookDeliveries", ["SiteId", "Status"]);
        migrationBuilder.CreateIndex("IX_WebhookDeliveries_EventId", "WebhookDeliveries", "EventId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("WebhookDeliveries");
        migrationBuilder.DropTable("WebhookSubscriptions");
        migrationBuilder.DropTable("Reminders");
        migrationBuilder.DropTable("OutboxEvents");
        migrationBuilder.DropColumn("ReminderSettings", "Sites");
    }
}
