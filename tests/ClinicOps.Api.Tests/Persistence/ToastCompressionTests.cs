using ClinicOps.Api.Tests.Harness;
using Npgsql;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// On PostgreSQL every column of the application's tables that PostgreSQL may compress (text, varchar, bytea) compresses with lz4
/// (migration 20261207190000_Lz4ToastCompression), so a later migration that adds one without declaring it
/// fails here. Quartz's tables are its own. The harness's PostgreSQL is built with lz4, as Debian's and most are.
/// </summary>
public sealed class ToastCompressionTests(PostgresApiFixture fixture) : IClassFixture<PostgresApiFixture>
{
    [Fact]
    public async Task Every_compressible_column_of_the_application_uses_lz4()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT c.relname || '.' || a.attname, a.attcompression::text
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname NOT ILIKE 'qrtz%'
              AND a.attnum > 0 AND NOT a.attisdropped AND a.attstorage IN ('x', 'm')
            ORDER BY 1
            """, connection);
        var columns = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns[reader.GetString(0)] = reader.GetString(1);
            }
        }

        // The columns the change was measured on are among them, so the query cannot pass by finding nothing.
        Assert.Contains("IdempotencyKeys.ResponseBody", columns.Keys);
        Assert.Contains("Screenings.Rules", columns.Keys);
        Assert.Empty(columns.Where(column => column.Value != "l").Select(column => column.Key));
    }
}
