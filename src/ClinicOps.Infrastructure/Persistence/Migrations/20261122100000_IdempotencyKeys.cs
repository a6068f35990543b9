using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicOps.Infrastructure.Persistence.Migrations;

/// <summary>
/// Idempotency keys of POST requests (docs/decisions/0008-idempotency-keys.md): one row per (caller, key), claimed
/// before the handler runs; the unique index decides concurrent claims. No audit triggers: the rows are not PHI
/// records but expiring replay copies, deleted after 24 hours.
/// </summary>
[DbContext(typeof(ClinicOpsDbContext))]
[Migration("20261122100000_IdempotencyKeys")]
public sealed class IdempotencyKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "IdempotencyKeys",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Subject = table.Column<string>(maxLength: 128, nullable: false),
                Key = table.Column<string>(maxLength: 255, nullable: false),
                Operation = table.Column<string>(maxLength: 200, nullable: false),
                RequestHash = table.Column<string>(maxLength: 64, nullable: false),
                State = table.Column<string>(maxLength: 16, nullable: false),
                ClaimedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                StatusCode = table.Column<int>(nullable: true),
                ResponseHeaders = table.Column<string>(nullable: true),
                ResponseBody = table.Column<byte[]>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_IdempotencyKeys", x => x.Id));

        migrationBuilder.CreateIndex("UX_IdempotencyKeys_Subject_Key", "IdempotencyKeys", ["Subject", "Key"], unique: true);
        migrationBuilder.CreateIndex("IX_IdempotencyKeys_ExpiresAt", "IdempotencyKeys", "ExpiresAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("IdempotencyKeys");
}
