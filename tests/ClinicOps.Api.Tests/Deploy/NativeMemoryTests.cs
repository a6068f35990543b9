using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Deploy;

/// <summary>
/// The API process caps glibc's malloc arenas when it starts (docs/decisions/0018-malloc-arena-cap.md): a load that
/// runs on many threads adds no arena, where glibc would otherwise give each new thread its own, up to eight per core.
/// Linux only, as the API's hosts and this suite's machines are.
/// </summary>
public sealed class NativeMemoryTests
{
    private const long ArenaHeapSize = 64L << 20; // HEAP_MAX_SIZE of a non-main arena on 64-bit glibc

    [Fact]
    public async Task A_load_on_many_threads_adds_no_malloc_arena_to_the_api_process()
    {
        var file = Path.Combine(Path.GetTempPath(), $"clinicops-arenas-{Guid.NewGuid():N}.db");
        try
        {
            await using var api = await ApiProcess.StartAsync(DatabaseProvider.Sqlite, $"Data Source={file};Default Timeout=30");
            var site = Guid.NewGuid();
            using var admin = Client(api, "admin-arenas", Role.ClinicAdmin, site);
            var created = await admin.PostAsJsonAsync("/api/v1/sites", new { code = "ARENAS", name = "Arena clinic", timeZoneId = "UTC" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            site = (await created.ReadObjectAsync())["id"]!.GetValue<Guid>();
            using var desk = Client(api, "desk-arenas", Role.FrontDesk, site);
            var before = ArenaHeaps(api.Pid);
            var threadsBefore = Threads(api.Pid);

            // Registrations and reads from 32 clients at once: SQLite allocates natively on whichever thread runs them.
            await Task.WhenAll(Enumerable.Range(0, 32).Select(async client =>
            {
                for (var i = 0; i < 15; i++)
                {
                    var (patient, _) = await desk.RegisterPatientAsync(ValidPatient(site, mrn: $"AR-{client}-{i}"));
                    using var read = await desk.GetAsync($"/api/v1/patients/{patient}", TestContext.Current.CancellationToken);
                    Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                }
            }));

            // Uncapped, glibc reaches its default limit of eight arenas per core already while the API starts (16 of 16
            // on 2 cores); capped, the process keeps the few it had when the cap was set, and the load adds none.
            var after = ArenaHeaps(api.Pid);
            var uncappedLimit = 8 * Environment.ProcessorCount;
            Assert.True(
                after <= before && after < uncappedLimit,
                $"{after} arenas after the load on {Threads(api.Pid)} threads ({before} and {threadsBefore} threads before it); glibc's own limit is {uncappedLimit}.");
        }
        finally
        {
            SqliteFiles.Delete(file);
        }
    }

    /// <summary>
    /// glibc maps each heap of a non-main arena as 64 MiB of anonymous memory aligned to 64 MiB (its used part readable
    /// and writable, the rest reserved): such runs in /proc/PID/maps.
    /// </summary>
    private static int ArenaHeaps(int pid)
    {
        var mappings = File.ReadAllLines($"/proc/{pid}/maps").Select(line =>
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var range = fields[0].Split('-');
            return (Start: long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                End: long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), Anonymous: fields.Length < 6);
        }).ToList();
        var heaps = 0;
        for (var i = 0; i < mappings.Count; i++)
        {
            var (start, end, anonymous) = mappings[i];
            if (!anonymous || start % ArenaHeapSize != 0)
            {
                continue;
            }

            for (var next = i + 1; end < start + ArenaHeapSize && next < mappings.Count && mappings[next].Anonymous && mappings[next].Start == end; next++)
            {
                end = mappings[next].End;
            }

            heaps += end == start + ArenaHeapSize ? 1 : 0;
        }

        return heaps;
    }

    private static int Threads(int pid) => Directory.GetDirectories($"/proc/{pid}/task").Length;

    private static HttpClient Client(ApiProcess api, string subject, Role role, Guid site) => api.Client(
        DevelopmentTokens.Mint(new AuthOptions { SigningKey = ApiProcess.SigningKey }, subject, [role], [site], TimeSpan.FromHours(1), TimeProvider.System.GetUtcNow()));
}
