using ClinicOps.Infrastructure.Jobs;
using Microsoft.Data.Sqlite;

namespace ClinicOps.Api.Tests.Harness;

/// <summary>The files a test's SQLite database leaves behind: the database with its WAL files, and the job store beside it.</summary>
public static class SqliteFiles
{
    /// <summary>The job store's file of the database at <paramref name="file"/>.</summary>
    public static string JobStoreOf(string file) =>
        new SqliteConnectionStringBuilder(JobsServiceCollectionExtensions.SqliteJobStoreConnectionString($"Data Source={file}")).DataSource;

    /// <summary>Deletes the database at <paramref name="file"/>, its job store, and their journals.</summary>
    public static void Delete(string file)
    {
        foreach (var database in new[] { file, JobStoreOf(file) })
        {
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
            {
                File.Delete(database + suffix);
            }
        }
    }
}
