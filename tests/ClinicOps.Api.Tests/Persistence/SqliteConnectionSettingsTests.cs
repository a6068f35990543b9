using System.Data.Common;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// Every SQLite connection the API's context opens keeps its temporary storage (the savepoint sub-journal of each
/// SaveChanges) in memory, not in files created and deleted under /var/tmp inside the write turn
/// (<see cref="SqliteConnectionSettings"/>). SQLite only: PostgreSQL has no such setting.
/// </summary>
public sealed class SqliteConnectionSettingsTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    private const long TempStoreMemory = 2;

    [Fact]
    public async Task A_connection_of_the_context_keeps_temporary_storage_in_memory_on_first_open_and_when_the_pool_hands_it_back()
    {
        // A write first (a SaveChanges, so through a savepoint): the pool then holds a connection that has served one.
        await fixture.Api.CreateSiteAsync();

        for (var rental = 1; rental <= 3; rental++)
        {
            await using var scope = fixture.Api.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
            await db.Database.OpenConnectionAsync();
            try
            {
                Assert.Equal(TempStoreMemory, await TempStoreAsync(db.Database.GetDbConnection()));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<long> TempStoreAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store;";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
