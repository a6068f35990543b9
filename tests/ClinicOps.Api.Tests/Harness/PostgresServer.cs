using System.Diagnostics;
using Npgsql;

namespace ClinicOps.Api.Tests.Harness;

/// <summary>
/// A real, throwaway PostgreSQL server for the whole test run, started from the binaries on the machine
/// (initdb refuses root, so as root it runs as the unprivileged 'postgres' user). Set CLINICOPS_TEST_POSTGRES
/// to an admin connection string to use an existing server instead. A missing server fails the run: PostgreSQL
/// tests are never skipped.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _directory;
    private string? _binDirectory;
    private string? _runAsUser;

    public string AdminConnectionString { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("CLINICOPS_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            AdminConnectionString = external;
            return;
        }

        _binDirectory = FindBinDirectory();
        _directory = Path.Combine(Path.GetTempPath(), $"clinicops-pg-{Guid.NewGuid():N}");
        var dataDirectory = Path.Combine(_directory, "data");
        Directory.CreateDirectory(_directory);
        if (Environment.UserName == "root")
        {
            _runAsUser = "postgres";
            await RunAsync("chown", ["-R", _runAsUser, _directory], asPostgresUser: false);
        }

        await RunAsync(Path.Combine(_binDirectory, "initdb"),
            ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        var port = LoopbackPorts.Reserve();
        var serverOptions = $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            + "-c full_page_writes=off -c max_connections=300";
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"),
            ["-D", dataDirectory, "-o", serverOptions, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start"]);
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=30;Command Timeout=60";
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 20 }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_directory is null || _binDirectory is null)
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("PG_BIN");
        var candidates = configured is not null
            ? [configured]
            : Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().ToArray()
                : [];
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin; set PG_BIN or CLINICOPS_TEST_POSTGRES).");
    }


    private Task RunAsync(string program, string[] arguments) => RunAsync(program, arguments, asPostgresUser: true);

    private async Task RunAsync(string program, string[] arguments, bool asPostgresUser)
    {
        var start = asPostgresUser && _runAsUser is not null
            ? new ProcessStartInfo("runuser", ["-u", _runAsUser, "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
