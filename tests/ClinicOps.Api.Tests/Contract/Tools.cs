using System.Diagnostics;
using System.Text;

namespace ClinicOps.Api.Tests.Contract;

/// <summary>
/// The repository checkout and the pinned npm tools of <c>contract/package.json</c>. Like the PostgreSQL harness
/// starts its own server, the first test that needs the tools runs <c>npm ci</c> (once per run, and only when
/// node_modules is missing or older than the lockfile).
/// </summary>
internal static class Tools
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ContractDirectory => Path.Combine(RepositoryRoot, "contract");

    public static string CommittedDocument => Path.Combine(RepositoryRoot, "docs", "openapi", "v1.json");

    public static Task EnsureNpmToolsAsync() => EnsureNpmToolsAsync(ContractDirectory);

    /// <summary>Installs the pinned npm tools of a folder holding package.json and package-lock.json (fhir/, board/, contract/, deploy/validate/).</summary>
    public static async Task EnsureNpmToolsAsync(string directory)
    {
        await InstallLock.WaitAsync();
        try
        {
            var marker = Path.Combine(directory, "node_modules", ".package-lock.json");
            var lockfile = Path.Combine(directory, "package-lock.json");
            if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(lockfile))
            {
                return;
            }

            var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], directory, TimeSpan.FromMinutes(8));
            Assert.True(install.ExitCode == 0, $"npm ci failed:\n{install.Output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static string Bin(string tool) => Path.Combine(ContractDirectory, "node_modules", ".bin", tool);

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ClinicOps.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ClinicOps.sln not found above the test output directory.");
    }
}
