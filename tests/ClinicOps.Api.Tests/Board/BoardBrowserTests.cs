using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Contract;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Api.Tests.TreatmentDay;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.TreatmentDay.TreatmentDays;

namespace ClinicOps.Api.Tests.Board;

/// <summary>
/// The observation board page in a real headless Chromium (Debian's, installed with apt-get on first use, driven by
/// puppeteer-core pinned in board/package.json) against the API listening on 127.0.0.1: a reading that raises an
/// alert turns the chair red. The screenshot is kept in TestResults/board/.
/// </summary>
public sealed class BoardBrowserTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private static string BoardDirectory => Path.Combine(Tools.RepositoryRoot, "board");

    /// <summary>Debian's chromium, installed with apt-get when missing (as the PostgreSQL harness starts its own server).</summary>
    private static async Task<string> EnsureChromiumAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            const string chromium = "/usr/bin/chromium";
            if (!File.Exists(chromium))
            {
                var root = Environment.UserName == "root";
                var update = await Tools.RunAsync(root ? "apt-get" : "sudo", root ? ["update"] : ["apt-get", "update"], Tools.RepositoryRoot, TimeSpan.FromMinutes(10));
                Assert.True(update.ExitCode == 0, $"apt-get update failed:\n{update.Output}");
                var install = await Tools.RunAsync(root ? "apt-get" : "sudo", root ? ["install", "-y", "chromium"] : ["apt-get", "install", "-y", "chromium"],
                    Tools.RepositoryRoot, TimeSpan.FromMinutes(20), new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
                Assert.True(install.ExitCode == 0, $"apt-get install chromium failed:\n{install.Output}");
            }

            Assert.True(File.Exists(chromium), "chromium is not at /usr/bin/chromium after installing it.");
            return chromium;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    [Fact]
    public async Task In_headless_Chromium_a_reading_that_raises_an_alert_turns_the_chair_red()
    {
        var chromium = await EnsureChromiumAsync();
        await Tools.EnsureNpmToolsAsync(BoardDirectory);
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString, ObservationBoardTests.FastStream);
        api.UseKestrel(0);
        api.StartServer();
        var baseUrl = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => a.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal)).First();
        Assert.StartsWith("http://127.0.0.1:", baseUrl);

        var (site, chairs, _, appointment) = await api.BookedSessionAsync(ivKetamine: false);
        using var nurse = api.ClientFor("nurse-jordan", [Role.Nurse], [site]);
        var session = await api.CheckInAsync(nurse, appointment);
        api.MoveTo("2026-11-23T15:20:00Z");
        await nurse.PostAsync($"/api/v1/sessions/{session}/dose", Json("""{"doseMg":56,"devices":[{"lotNumber":"A1","administeredAt":"2026-11-23T15:10:00Z"},{"lotNumber":"A1","administeredAt":"2026-11-23T15:15:00Z"}]}"""))
            .OkAsync();

        var screenshot = Path.Combine(Tools.RepositoryRoot, "TestResults", "board", $"observation-board-{DateTime.UtcNow:yyyyMMddHHmmss}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        var config = new JsonObject
        {
            ["baseUrl"] = baseUrl,
            ["chromium"] = chromium,
            ["stationToken"] = api.MintToken("station-1", [Role.Nurse], [site]),
            ["nurseToken"] = api.MintToken("nurse-jordan", [Role.Nurse], [site]),
            ["siteId"] = site.ToString(),
            ["chairId"] = chairs[0].ToString(),
            ["sessionId"] = session.ToString(),
            ["reading"] = Vitals(At("2026-11-23T15:19:00Z"), 188, 102),
            ["screenshot"] = screenshot,
        };
        var configFile = Path.Combine(Path.GetTempPath(), $"clinicops-board-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configFile, config.ToJsonString());
        try
        {
            var (exitCode, output) = await Tools.RunAsync("node", ["board-test.mjs", configFile], BoardDirectory, TimeSpan.FromMinutes(4));
            Assert.True(exitCode == 0, output);
            var result = JsonNode.Parse(output.Trim().Split('\n')[^1])!.AsObject();
            Assert.True(result["error"] is null, output);
            Assert.Equal((int)HttpStatusCode.Created, result["posted"]!.GetValue<int>());
            Assert.Equal(site.ToString(), result["prefilledSite"]!.GetValue<string>());
            Assert.Equal("monitoring", result["before"]!["state"]!.GetValue<string>());
            Assert.Contains("AQ", result["before"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(("alert", "rgb(253, 232, 232)"), (result["after"]!["state"]!.GetValue<string>(), result["after"]!["background"]!.GetValue<string>()));
            Assert.Contains("ALERT", result["after"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Empty(result["consoleErrors"]!.AsArray());
            Assert.Contains("script-src 'self'", result["csp"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", result["csp"]!.GetValue<string>(), StringComparison.Ordinal);

            // The token travels in the Authorization header, never in a URL.
            var token = config["stationToken"]!.GetValue<string>();
            Assert.All(result["requests"]!.AsArray(), url => Assert.DoesNotContain(token, url!.GetValue<string>(), StringComparison.Ordinal));
            Assert.True(new FileInfo(screenshot).Length > 0);
        }
        finally
        {
            File.Delete(configFile);
        }
    }
}
