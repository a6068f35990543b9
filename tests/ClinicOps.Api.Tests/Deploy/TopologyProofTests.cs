using System.Text.RegularExpressions;
using ClinicOps.Api.Tests.Contract;
using ClinicOps.Api.Tests.Harness;

namespace ClinicOps.Api.Tests.Deploy;

/// <summary>
/// Runs deploy/prove-topology.sh, the container-free proof of the compose and Kubernetes topology (a throwaway
/// PostgreSQL, migrations once, three API processes behind nginx, the smoke scenario with one instance killed
/// mid-run, reminders delivered exactly once by the survivors' clustered Quartz, graceful stop), on the API this test
/// run built. Installs nginx with apt-get when it is missing.
/// </summary>
public sealed class TopologyProofTests
{
    [Fact]
    public async Task Three_instances_behind_nginx_on_one_postgres_share_every_write_and_survive_losing_one_mid_run()
    {
        var script = Path.Combine(Tools.RepositoryRoot, "deploy", "prove-topology.sh");

        var (exitCode, output) = await Tools.RunAsync(
            "bash", [script], Tools.RepositoryRoot, TimeSpan.FromMinutes(5),
            new Dictionary<string, string> { ["CLINICOPS_API_DIR"] = ApiProcess.ApiDirectory });

        Assert.True(exitCode == 0, $"deploy/prove-topology.sh failed:\n{output}");
        Assert.Matches(@"migrations: [1-9]\d* applied once by the migrate step", output);
        Assert.Contains("instances: 3 ready", output, StringComparison.Ordinal);
        Assert.Matches(@"cross-instance reads: [5-9]/9 reads through the proxy answered by another instance", output);
        Assert.Matches(@"killed api2 \(pid \d+, SIGKILL\)", output);
        // Writes held in PostgreSQL while api2 dies make sure some requests are in flight on it: they, and only
        // requests in flight on api2, fail; afterwards every request succeeds.
        Assert.Matches(
            @"kill mid-run: \d+ requests by 6 clients and 6 held writes, \d+ succeeded, [1-9]\d* failed \([1-9] of them held on api2\), "
            + @"all in flight on api2 when it was killed; [1-9]\d* requests after it was gone",
            output);
        Assert.Matches(@"retries of the failed writes with their Idempotency-Key: \d+ answered 201, \d+ refused as in flight .*; none stored twice", output);
        // Reminders due at once, published and delivered by the survivors' clustered Quartz jobs: one POST per
        // reminder, no webhook-id twice, each reminder Sent after one attempt, nothing more after further polling.
        var reminders = Regex.Match(output,
            @"reminders: ([1-9]\d*) reminders of \d+ sessions \(.+\) delivered exactly once each: (\d+) webhook POSTs, (\d+) distinct webhook-ids, "
            + @"signatures valid, each reminder Sent as its event after 1 attempt; by Quartz clustered on PostgreSQL \([2-9] schedulers checked in\) "
            + @"after api2 was killed; .*nothing more after \d+ s of further polling");
        Assert.True(reminders.Success, $"no reminders line in:\n{output}");
        Assert.Equal(reminders.Groups[1].Value, reminders.Groups[2].Value);
        Assert.Equal(reminders.Groups[1].Value, reminders.Groups[3].Value);
        Assert.Contains("graceful stop: the surviving instances exited 0 on SIGTERM", output, StringComparison.Ordinal);
        Assert.Contains("topology proven", output, StringComparison.Ordinal);
    }
}
