// The reminder burst (issue 11): 10,000 reminders due at once on PostgreSQL, delivered by two clustered ClinicOps
// instances to a receiver on 127.0.0.1. Measures the time from the due moment until the receiver has accepted every
// reminder's event, and the number of duplicate deliveries (targets: <= 60 s and 0). Run by bench/reminder-burst.sh.
//
// Usage: ClinicOps.ReminderBurst --api-dll path/ClinicOps.Api.dll --postgres "Host=...;Database=..." [--reminders 10000]
//        [--instances 2] [--out DIR]
// The API instances run in Development (their own token command mints the tokens) with Jobs__PollSeconds=1.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

var options = args.Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
var apiDll = Path.GetFullPath(options["api-dll"]);
var postgres = options["postgres"];
var reminderCount = int.Parse(options.GetValueOrDefault("reminders", "10000"), CultureInfo.InvariantCulture);
var instanceCount = int.Parse(options.GetValueOrDefault("instances", "2"), CultureInfo.InvariantCulture);
var outDirectory = options.GetValueOrDefault("out", Directory.GetCurrentDirectory());
const string DemoSite = "5e1f0000-0000-4000-8000-000000000001";

// The receiver: counts every POST per webhook-id and answers 204.
var received = new ConcurrentDictionary<string, int>();
var receiverBuilder = WebApplication.CreateSlimBuilder();
receiverBuilder.Logging.ClearProviders();
var receiverPort = FreePort();
receiverBuilder.WebHost.UseUrls($"http://127.0.0.1:{receiverPort}");
var receiver = receiverBuilder.Build();
long lastAcceptTicks = 0;
receiver.MapPost("/hooks", (HttpContext http) =>
{
    received.AddOrUpdate(http.Request.Headers["webhook-id"].ToString(), 1, (_, n) => n + 1);
    Interlocked.Exchange(ref lastAcceptTicks, Stopwatch.GetTimestamp());
    return Results.NoContent();
});
await receiver.StartAsync();

// The API instances, one after the other so that only the first applies the migrations.
var instances = new List<(Process Process, string Url)>();
try
{
    for (var i = 0; i < instanceCount; i++)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [apiDll]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(apiDll)! };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["Database__ConnectionString"] = postgres;
        start.Environment["Jobs__PollSeconds"] = "1";
        start.Environment["RateLimiting__PermitsPerWindow"] = "1000000";
        var process = Process.Start(start)!;
        var log = File.CreateText(Path.Combine(outDirectory, $"burst-api-{i + 1}.log"));
        process.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = $"http://127.0.0.1:{port}";
        instances.Add((process, url));
        await WaitReadyAsync(url, TimeSpan.FromMinutes(2));
    }

    // A patient and a subscription through the API; the reminders themselves straight into the table, all due together.
    using var http = new HttpClient { BaseAddress = new Uri(instances[0].Url) };
    var admin = Mint("ClinicAdmin");
    var desk = Mint("FrontDesk");
    var patient = await PostAsync(http, desk, "/api/v1/patients", $$"""
        {"siteId":"{{DemoSite}}","givenName":"Burst","familyName":"Bench","dateOfBirth":"1984-03-17","sex":"Female","phone":"+15551234567","preferredContactChannel":"Sms"}
        """);
    await PostAsync(http, admin, $"/api/v1/sites/{DemoSite}/webhook-subscriptions", $$"""{"url":"http://127.0.0.1:{{receiverPort}}/hooks","eventTypes":["reminder.due"]}""");

    await using var connection = new NpgsqlConnection(postgres);
    await connection.OpenAsync();
    var dueAt = DateTime.UtcNow.AddSeconds(5);
    await using (var insert = new NpgsqlCommand("""
        INSERT INTO "Reminders" ("Id", "SiteId", "PatientId", "SubjectId", "AppointmentId", "Kind", "Audience", "Label", "DueAt", "Status", "Attempts",
            "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy", "Version")
        SELECT gen_random_uuid(), @site, @patient, gen_random_uuid(), NULL, 'NoShowFollowUp', 'Staff', 'burst', @due, 'Scheduled', 0,
            now(), 'bench', now(), 'bench', 1
        FROM generate_series(1, @count)
        """, connection))
    {
        insert.Parameters.AddWithValue("site", Guid.Parse(DemoSite));
        insert.Parameters.AddWithValue("patient", patient);
        insert.Parameters.AddWithValue("due", DateTime.SpecifyKind(dueAt, DateTimeKind.Utc));
        insert.Parameters.AddWithValue("count", reminderCount);
        await insert.ExecuteNonQueryAsync();
    }

    var untilDue = dueAt - DateTime.UtcNow;
    if (untilDue > TimeSpan.Zero)
    {
        await Task.Delay(untilDue);
    }

    var due = Stopwatch.GetTimestamp();
    while (received.Count < reminderCount && Stopwatch.GetElapsedTime(due) < TimeSpan.FromMinutes(5))
    {
        await Task.Delay(100);
    }

    var seconds = received.Count < reminderCount ? double.NaN : Stopwatch.GetElapsedTime(due, Interlocked.Read(ref lastAcceptTicks)).TotalSeconds;
    await Task.Delay(TimeSpan.FromSeconds(5)); // late duplicates would arrive now
    var duplicates = received.Values.Sum(n => n - 1);
    var result = string.Create(CultureInfo.InvariantCulture,
        $"reminders={reminderCount}\tinstances={instanceCount}\tdelivered={received.Count}\tseconds={seconds:F1}\tduplicates={duplicates}");
    Console.WriteLine(result);
    await File.WriteAllTextAsync(Path.Combine(outDirectory, "burst.tsv"), result + Environment.NewLine);
    return received.Count == reminderCount ? 0 : 1;
}
finally
{
    foreach (var (process, _) in instances)
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    await receiver.DisposeAsync();
}

string Mint(string role)
{
    var start = new ProcessStartInfo("dotnet", [apiDll, "tokens", "--role", role, "--subject", $"burst-{role.ToLowerInvariant()}"])
    {
        RedirectStandardOutput = true, WorkingDirectory = Path.GetDirectoryName(apiDll)!,
    };
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
    using var process = Process.Start(start)!;
    var token = process.StandardOutput.ReadToEnd().Trim().Split('\n')[^1].Trim();
    process.WaitForExit();
    return token;
}

static async Task<Guid> PostAsync(HttpClient http, string token, string path, string json)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    if (response.StatusCode != HttpStatusCode.Created)
    {
        throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {body}");
    }

    return JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
}

static async Task WaitReadyAsync(string url, TimeSpan within)
{
    using var http = new HttpClient();
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < within)
    {
        try
        {
            if ((await http.GetAsync($"{url}/health/ready")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(250);
    }

    throw new TimeoutException($"{url} did not become ready");
}

static int FreePort()
{
    using var socket = new TcpListener(IPAddress.Loopback, 0);
    socket.Start();
    return ((IPEndPoint)socket.LocalEndpoint).Port;
}
