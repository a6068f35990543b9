using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ClinicOps.Api.Tests.Contract;

/// <summary>
/// Runs the README's own shell lines, as a new user pastes them: the start command in the background, then every
/// other <c>bash</c> block in order in one shell (so <c>$TOKEN</c> carries over), each <c>curl</c> failing on a
/// non-2xx answer. Only <c>dotnet test ClinicOps.sln</c> is left out: it is the command running this test. The
/// API keeps its data in a temporary directory and is stopped at the end.
/// </summary>
public sealed partial class ReadmeRecipeTests
{
    private const string StartCommand = "dotnet run --project src/ClinicOps.Api";
    private const string TestCommand = "dotnet test ClinicOps.sln";
    private const int DocumentedPort = 5080;

    [Fact]
    public async Task Every_command_in_the_readme_works_when_pasted_into_a_shell()
    {
        var blocks = BashBlock().Matches(await File.ReadAllTextAsync(Path.Combine(Tools.RepositoryRoot, "README.md")))
            .Select(m => m.Groups["code"].Value.Trim())
            .ToList();
        Assert.Contains(StartCommand, blocks);
        Assert.Contains(TestCommand, blocks);
        var script = blocks.Where(b => b is not StartCommand and not TestCommand).ToList();
        Assert.NotEmpty(script);
        Assert.True(PortIsFree(DocumentedPort), $"Port {DocumentedPort} (the README's port) is in use; stop whatever listens there.");

        var data = Directory.CreateTempSubdirectory("clinicops-readme-");
        var start = new ProcessStartInfo("bash", ["-c", StartCommand])
        {
            WorkingDirectory = Tools.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Database__DataDirectory"] = data.FullName;
        using var api = Process.Start(start)!;
        var apiOutput = new System.Text.StringBuilder();
        api.OutputDataReceived += (_, e) => { lock (apiOutput) { apiOutput.AppendLine(e.Data); } };
        api.ErrorDataReceived += (_, e) => { lock (apiOutput) { apiOutput.AppendLine(e.Data); } };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        try
        {
            await WaitUntilReadyAsync(api, apiOutput);

            var shell = "set -euo pipefail\n"
                + "curl() { command curl --fail-with-body --silent --show-error --max-time 30 \"$@\"; echo; }\n"
                + string.Join("\n", script);
            var (exitCode, output) = await Tools.RunAsync("bash", ["-c", shell], Tools.RepositoryRoot, TimeSpan.FromMinutes(4));
            Assert.True(exitCode == 0, $"The README's commands failed (exit {exitCode}):\n{output}");
            Assert.Contains("\"givenName\":\"Avery\"", output, StringComparison.Ordinal);
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            data.Delete(recursive: true);
        }
    }

    private static async Task WaitUntilReadyAsync(Process api, System.Text.StringBuilder output)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            // The message is built only on failure, and under the lock the output handlers append under: reading the
            // builder while a handler appends is a race (it threw once in CI).
            if (api.HasExited)
            {
                Assert.Fail($"The API stopped:\n{Snapshot(output)}");
            }

            try
            {
                if ((await http.GetAsync($"http://localhost:{DocumentedPort}/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        Assert.Fail($"The API was not ready within 3 minutes:\n{Snapshot(output)}");
    }

    private static string Snapshot(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("localhost", port);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    [GeneratedRegex(@"^```bash\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
