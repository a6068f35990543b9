// Seeds a realistic clinic into a running ClinicOps through its public API only, for the load benchmark (bench/run.sh):
// 3 sites (America/Chicago) open Monday-Friday 07:00-19:00 with 12 chairs each, 2,000 patients, IV-ketamine screenings
// for some of them, and IV-ketamine induction courses planned and booked so that day sheets have content.
//
// Usage: ClinicOps.BenchSeed --url http://127.0.0.1:PORT --api-dll path/ClinicOps.Api.dll --out DIR
//        [--patients 2000] [--screened 600] [--courses-per-site 40] [--parallelism 8]
// Tokens are minted with the API's own `tokens` command (needs ASPNETCORE_ENVIRONMENT=Development, as the API).
// Writes DIR/seed.env (shell variables for the load scripts) and DIR/*.txt id lists, one id per line.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

var options = ParseArguments(args);
var url = options["url"];
var apiDll = Path.GetFullPath(options["api-dll"]);
var outDirectory = options["out"];
var patientCount = int.Parse(options.GetValueOrDefault("patients", "2000"), CultureInfo.InvariantCulture);
var screenedCount = int.Parse(options.GetValueOrDefault("screened", "600"), CultureInfo.InvariantCulture);
var coursesPerSite = int.Parse(options.GetValueOrDefault("courses-per-site", "40"), CultureInfo.InvariantCulture);
var parallelism = int.Parse(options.GetValueOrDefault("parallelism", "8"), CultureInfo.InvariantCulture);
const string IvKetamineProtocol = "9a000000-0000-4000-8000-000000000003";
string[] familyNames = ["Quinn", "Garcia", "Nguyen", "Okafor", "Smith", "Johnson", "Patel", "Kowalski", "Haddad", "Lindqvist",
    "Moreau", "Tanaka", "Oliveira", "Schmidt", "Murphy", "Rossi", "Kim", "Hernandez", "Novak", "Fischer"];
string[] weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
string[] givenNames = ["Avery", "Jordan", "Riley", "Morgan", "Casey", "Taylor", "Jamie", "Alex", "Sam", "Drew", "Robin", "Quinn"];

Directory.CreateDirectory(outDirectory);
var stopwatch = Stopwatch.StartNew();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallelism * 2 })
{
    BaseAddress = new Uri(url),
    Timeout = TimeSpan.FromSeconds(60),
};

// Sites: a ClinicAdmin creates them; the tokens used afterwards carry their ids.
var bootstrapAdmin = await MintAsync("--role", "ClinicAdmin", "--subject", "bench-admin");
var runTag = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
var sites = new List<string>();
for (var i = 1; i <= 3; i++)
{
    var site = await SendAsync(HttpMethod.Post, "/api/v1/sites", bootstrapAdmin, new JsonObject
    {
        ["code"] = $"BENCH-{runTag}-{i}",
        ["name"] = $"Bench clinic {i}",
        ["timeZoneId"] = "America/Chicago",
    }, HttpStatusCode.Created);
    sites.Add(site.Body!["id"]!.GetValue<string>());
}

var siteArgs = sites.SelectMany(s => new[] { "--site", s }).ToArray();
var admin = await MintAsync(["--role", "ClinicAdmin", "--subject", "bench-admin", .. siteArgs]);
var desk = await MintAsync(["--role", "FrontDesk", "--subject", "bench-desk", .. siteArgs]);
var clinician = await MintAsync(["--role", "Clinician", "--subject", "bench-clinician", .. siteArgs]);

// Opening hours (If-Match from the GET) and 12 chairs per site.
foreach (var site in sites)
{
    var schedule = await SendAsync(HttpMethod.Get, $"/api/v1/sites/{site}/schedule", admin, null, HttpStatusCode.OK);
    var hours = new JsonArray([.. weekdays.Select(day => (JsonNode)new JsonObject { ["day"] = day, ["opens"] = "07:00", ["closes"] = "19:00" })]);
    await SendAsync(HttpMethod.Put, $"/api/v1/sites/{site}/schedule", admin,
        new JsonObject { ["openingHours"] = hours, ["closures"] = new JsonArray() }, HttpStatusCode.OK, ifMatch: schedule.ETag);
    await Parallel.ForEachAsync(Enumerable.Range(1, 12), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (chair, _) =>
        await SendAsync(HttpMethod.Post, $"/api/v1/sites/{site}/chairs", admin, new JsonObject { ["name"] = $"Chair {chair}" }, HttpStatusCode.Created));
}

Console.WriteLine($"seed: 3 sites, 36 chairs, opening hours ({stopwatch.Elapsed.TotalSeconds:F1} s)");

// Patients, round-robin over the sites.
var patients = new ConcurrentDictionary<int, (string Id, string Site)>();
await Parallel.ForEachAsync(Enumerable.Range(0, patientCount), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (n, _) =>
{
    var site = sites[n % sites.Count];
    var created = await SendAsync(HttpMethod.Post, "/api/v1/patients", desk, PatientBody(n, site), HttpStatusCode.Created);
    patients[n] = (created.Body!["id"]!.GetValue<string>(), site);
});
var patientList = Enumerable.Range(0, patientCount).Select(n => patients[n]).ToList();
Console.WriteLine($"seed: {patientCount} patients ({stopwatch.Elapsed.TotalSeconds:F1} s)");

// IV-ketamine screenings (eligible) for the first screenedCount patients.
var screenedOn = DateTime.UtcNow.Date.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
await Parallel.ForEachAsync(patientList.Take(screenedCount), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (patient, _) =>
{
    var screening = await SendAsync(HttpMethod.Post, $"/api/v1/patients/{patient.Id}/screenings", desk, ScreeningBody(screenedOn), HttpStatusCode.Created);
    if (!screening.Body!["clearedForTreatment"]!.GetValue<bool>())
    {
        throw new InvalidOperationException($"Screening of {patient.Id} did not clear: {screening.Body.ToJsonString()}");
    }
});
Console.WriteLine($"seed: {screenedCount} screenings ({stopwatch.Elapsed.TotalSeconds:F1} s)");

// Courses: a Clinician starts IV-ketamine courses for screened patients; the front desk plans and books each induction.
// Plan and book run one course at a time per site (sites in parallel), so proposals never collide.
var startDate = DateTime.UtcNow.Date.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
string[][] timeChoices = [["07:00", "10:00"], ["07:30", "10:30"], ["08:00", "11:00"], ["13:00", "16:00"], ["13:30", "16:15"], ["09:00", "14:00"]];
var sessionsByDay = new ConcurrentDictionary<(string Site, string Date), int>();
var coursePatients = new ConcurrentBag<string>();
var bookedSessions = 0;
await Parallel.ForEachAsync(sites, new ParallelOptions { MaxDegreeOfParallelism = sites.Count }, async (site, _) =>
{
    var candidates = patientList.Take(screenedCount).Where(p => p.Site == site).Take(coursesPerSite).ToList();
    for (var c = 0; c < candidates.Count; c++)
    {
        var course = await SendAsync(HttpMethod.Post, $"/api/v1/patients/{candidates[c].Id}/courses", clinician,
            new JsonObject { ["protocolId"] = IvKetamineProtocol }, HttpStatusCode.Created);
        var courseId = course.Body!["id"]!.GetValue<string>();
        var plan = await SendAsync(HttpMethod.Post, $"/api/v1/courses/{courseId}/plan", desk, new JsonObject
        {
            ["startDate"] = startDate,
            ["times"] = new JsonArray([.. timeChoices[c % timeChoices.Length].Select(t => (JsonNode)t)]),
        }, HttpStatusCode.OK);
        var proposed = plan.Body!["sessions"]!.AsArray()
            .Select(s => (JsonNode)new JsonObject { ["date"] = s!["date"]!.GetValue<string>(), ["time"] = s["time"]!.GetValue<string>(), ["chairId"] = s["chairId"]!.GetValue<string>() })
            .ToArray();
        if (proposed.Length == 0)
        {
            continue;
        }

        var booked = await SendAsync(HttpMethod.Post, $"/api/v1/courses/{courseId}/sessions", desk,
            new JsonObject { ["sessions"] = new JsonArray(proposed) }, HttpStatusCode.Created);
        foreach (var session in booked.Node!.AsArray())
        {
            sessionsByDay.AddOrUpdate((site, session!["localDate"]!.GetValue<string>()), 1, (_, n) => n + 1);
            Interlocked.Increment(ref bookedSessions);
        }

        coursePatients.Add(candidates[c].Id);
    }
});
var busiest = sessionsByDay.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Date, StringComparer.Ordinal).First();
Console.WriteLine($"seed: {coursePatients.Count} courses, {bookedSessions} sessions booked; busiest day {busiest.Key.Date} at {busiest.Key.Site} "
    + $"with {busiest.Value} sessions ({stopwatch.Elapsed.TotalSeconds:F1} s)");

// The treatment day: a fourth site, open every day around the clock in a zone where it is early morning now, so that
// sessions can be booked for today, checked in, dosed and monitored while the benchmark runs. Two IV-ketamine
// sessions: one takes the vitals POST load, the other (with 30 readings) serves the status and readiness GETs.
var utcNow = DateTimeOffset.UtcNow;
// Whole-hour offset that makes the local time about 06:00 (Etc/GMT zones run from UTC-12 to UTC+14).
var wanted = ((6 - utcNow.Hour) % 24 + 24) % 24;
var offsetHours = wanted > 14 ? wanted - 24 : wanted;
var dayZone = offsetHours == 0 ? "Etc/GMT" : offsetHours > 0 ? $"Etc/GMT-{offsetHours}" : $"Etc/GMT+{-offsetHours}";
var daySite = (await SendAsync(HttpMethod.Post, "/api/v1/sites", bootstrapAdmin, new JsonObject
{
    ["code"] = $"BENCH-{runTag}-DAY",
    ["name"] = "Bench treatment floor",
    ["timeZoneId"] = dayZone,
}, HttpStatusCode.Created)).Body!["id"]!.GetValue<string>();
string[] allDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
var dayAdmin = await MintAsync("--role", "ClinicAdmin", "--subject", "bench-admin", "--site", daySite);
var dayDesk = await MintAsync("--role", "FrontDesk", "--subject", "bench-desk", "--site", daySite);
var dayClinician = await MintAsync("--role", "Clinician", "--subject", "bench-clinician", "--site", daySite);
var nurse = await MintAsync(["--role", "Nurse", "--subject", "bench-nurse", "--site", daySite, .. siteArgs]);
var daySchedule = await SendAsync(HttpMethod.Get, $"/api/v1/sites/{daySite}/schedule", dayAdmin, null, HttpStatusCode.OK);
await SendAsync(HttpMethod.Put, $"/api/v1/sites/{daySite}/schedule", dayAdmin, new JsonObject
{
    ["openingHours"] = new JsonArray([.. allDays.Select(day => (JsonNode)new JsonObject { ["day"] = day, ["opens"] = "00:00", ["closes"] = "23:45" })]),
    ["closures"] = new JsonArray(),
}, HttpStatusCode.OK, ifMatch: daySchedule.ETag);
var dayChair = (await SendAsync(HttpMethod.Post, $"/api/v1/sites/{daySite}/chairs", dayAdmin, new JsonObject { ["name"] = "Chair 1" }, HttpStatusCode.Created)).Body!["id"]!.GetValue<string>();
var localNow = utcNow.ToOffset(TimeSpan.FromHours(offsetHours));
var treatmentSessions = new List<string>();
// A dose draws its vials from the site's Schedule III stock, so the floor receives a lot first.
await SendAsync(HttpMethod.Post, $"/api/v1/sites/{daySite}/inventory/receipts", nurse, new JsonObject
{
    ["product"] = "KetamineVial", ["lotNumber"] = "BENCH-K1", ["strength"] = "500 mg/10 mL",
    ["expiresOn"] = localNow.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["quantity"] = 10, ["supplier"] = "Bench supplier",
}, HttpStatusCode.Created);
for (var n = 0; n < 2; n++)
{
    var patient = (await SendAsync(HttpMethod.Post, "/api/v1/patients", dayDesk, PatientBody(patientCount + n, daySite), HttpStatusCode.Created)).Body!["id"]!.GetValue<string>();
    var localDate = localNow.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    await SendAsync(HttpMethod.Post, $"/api/v1/patients/{patient}/screenings", dayDesk, ScreeningBody(localDate), HttpStatusCode.Created);
    var course = (await SendAsync(HttpMethod.Post, $"/api/v1/patients/{patient}/courses", dayClinician,
        new JsonObject { ["protocolId"] = IvKetamineProtocol }, HttpStatusCode.Created)).Body!["id"]!.GetValue<string>();
    // Sessions of the two patients follow each other in the one chair, starting on the next quarter hour.
    var start = localNow.AddMinutes(15 - localNow.Minute % 15 + 15 + n * 210);
    var booked = await SendAsync(HttpMethod.Post, $"/api/v1/courses/{course}/sessions", dayDesk, new JsonObject
    {
        ["sessions"] = new JsonArray(new JsonObject
        {
            ["date"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = start.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["chairId"] = dayChair,
        }),
    }, HttpStatusCode.Created);
    var appointment = booked.Node![0]!["id"]!.GetValue<string>();
    var at = DateTimeOffset.UtcNow;
    string Iso(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);
    var session = (await SendAsync(HttpMethod.Post, $"/api/v1/appointments/{appointment}/check-in", nurse, new JsonObject
    {
        ["checkedInAt"] = Iso(at.AddMinutes(-40)), ["rideConfirmed"] = true, ["rideDetails"] = "Partner drives.", ["fastingAcknowledged"] = true,
        ["medications"] = new JsonArray(), ["pregnancy"] = "NotApplicable", ["phq9"] = new JsonArray(1, 1, 1, 1, 1, 1, 1, 0, 0),
        ["supervisingPrescriber"] = "bench-clinician", ["pulseOximeterOnsite"] = true,
    }, HttpStatusCode.Created)).Body!["id"]!.GetValue<string>();
    await SendAsync(HttpMethod.Post, $"/api/v1/sessions/{session}/vitals", nurse, Reading(at.AddMinutes(-39)), HttpStatusCode.Created);
    await SendAsync(HttpMethod.Post, $"/api/v1/sessions/{session}/dose", nurse,
        new JsonObject { ["weightKg"] = 70, ["mgPerKg"] = 0.5, ["infusionStartedAt"] = Iso(at.AddMinutes(-38)), ["vialLotNumbers"] = new JsonArray("BENCH-K1") }, HttpStatusCode.OK);
    await SendAsync(HttpMethod.Post, $"/api/v1/sessions/{session}/infusion-end", nurse, new JsonObject { ["endedAt"] = Iso(at.AddMinutes(-2)) }, HttpStatusCode.OK);
    var readings = new JsonArray([.. Enumerable.Range(0, 30).Select(i => (JsonNode)Reading(at.AddMinutes(-37).AddSeconds(i * 70)))]);
    await SendAsync(HttpMethod.Post, $"/api/v1/sessions/{session}/vitals/batch", nurse, new JsonObject { ["readings"] = readings }, HttpStatusCode.OK);
    treatmentSessions.Add(session);
}

Console.WriteLine($"seed: treatment floor ({dayZone}), 2 monitored IV sessions ({stopwatch.Elapsed.TotalSeconds:F1} s)");

// What the load scripts need. Screening load goes to patients without a course, so it never races the course.
var withCourse = coursePatients.ToHashSet();
await File.WriteAllLinesAsync(Path.Combine(outDirectory, "patients.txt"), patientList.Select(p => p.Id));
await File.WriteAllLinesAsync(Path.Combine(outDirectory, "screening-patients.txt"),
    patientList.Where(p => !withCourse.Contains(p.Id)).Take(1000).Select(p => p.Id));
var env = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_SITES='{string.Join(' ', sites)}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_SITE='{busiest.Key.Site}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_DAY='{busiest.Key.Date}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_DAY_SESSIONS='{busiest.Value}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_SESSIONS='{bookedSessions}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_COURSES='{coursePatients.Count}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_SCREENED_ON='{screenedOn}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_FAMILY_NAME='{familyNames[3]}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_DESK_TOKEN='{desk}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_NURSE_TOKEN='{nurse}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_VITALS_SESSION='{treatmentSessions[0]}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_READ_SESSION='{treatmentSessions[1]}'")
    .AppendLine(CultureInfo.InvariantCulture, $"BENCH_SEED_SECONDS='{stopwatch.Elapsed.TotalSeconds:F0}'");
await File.WriteAllTextAsync(Path.Combine(outDirectory, "seed.env"), env.ToString());
Console.WriteLine($"seed: done in {stopwatch.Elapsed.TotalSeconds:F1} s");
return 0;

JsonObject PatientBody(int n, string site) => new()
{
    ["siteId"] = site,
    ["givenName"] = givenNames[n % givenNames.Length],
    ["familyName"] = familyNames[n / 7 % familyNames.Length],
    ["dateOfBirth"] = new DateOnly(1950, 1, 1).AddDays(n * 37 % 18000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    ["sex"] = n % 2 == 0 ? "Female" : "Male",
    ["phone"] = $"+1555{n:D7}",
    ["email"] = $"patient{n}@example.com",
    ["emergencyContact"] = new JsonObject { ["name"] = "Jordan Quinn", ["phone"] = "+15557654321", ["relationship"] = "spouse" },
    ["preferredContactChannel"] = "Sms",
};

static JsonObject Reading(DateTimeOffset at) => new()
{
    ["measuredAt"] = at.ToString("O", CultureInfo.InvariantCulture), ["systolic"] = 128, ["diastolic"] = 80, ["heartRate"] = 74, ["spO2"] = 98,
    ["respiratoryRate"] = 14, ["moaas"] = 5, ["dissociation"] = "None",
};

static JsonObject ScreeningBody(string screenedOn) => new()
{
    ["screenedOn"] = screenedOn,
    ["intendedTreatment"] = "IvKetamine",
    ["indication"] = "ClinicProtocol",
    ["takingOralAntidepressant"] = true,
    ["diagnosis"] = "MajorDepressiveDisorder",
    ["episodeDurationWeeks"] = 60,
    ["antidepressantTrials"] = new JsonArray(Trial("sertraline", "Ssri"), Trial("venlafaxine", "Snri")),
    ["psychotherapyTried"] = true,
    ["conditions"] = new JsonObject
    {
        ["aneurysmalVascularDiseaseOrAvm"] = false,
        ["intracerebralHemorrhageHistory"] = false,
        ["hypersensitivityToKetamineOrEsketamine"] = false,
        ["psychosisOrSchizophrenia"] = false,
        ["uncontrolledHypertension"] = false,
        ["pregnancy"] = false,
        ["breastfeeding"] = false,
        ["activeSubstanceUseDisorder"] = false,
        ["pastSubstanceUseDisorder"] = false,
        ["dementiaOrCognitiveImpairment"] = false,
        ["seriousCardiovascularDisease"] = false,
    },
    ["medications"] = new JsonArray(),
    ["bloodPressure"] = new JsonObject { ["systolic"] = 128, ["diastolic"] = 82 },
    ["phq9"] = new JsonArray(2, 2, 2, 2, 2, 2, 2, 2, 0),
    ["cssrs"] = new JsonObject { ["wishToBeDead"] = false, ["nonSpecificActiveSuicidalThoughts"] = false, ["suicidalBehavior"] = false },
    ["transportation"] = "RideArranged",
};

static JsonObject Trial(string drug, string drugClass) => new()
{
    ["drugName"] = drug,
    ["drugClass"] = drugClass,
    ["adequateDose"] = true,
    ["durationWeeks"] = 8,
    ["takenAsPrescribed"] = true,
    ["improvementPercent"] = 10,
};

async Task<Reply> SendAsync(HttpMethod method, string path, string token, JsonObject? body, HttpStatusCode expected, string? ifMatch = null)
{
    using var request = new HttpRequestMessage(method, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    if (method == HttpMethod.Post)
    {
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
    }

    if (ifMatch is not null)
    {
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
    }

    if (body is not null)
    {
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
    }

    using var response = await http.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    if (response.StatusCode != expected)
    {
        throw new InvalidOperationException($"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
    }

    var node = text.Length == 0 ? null : JsonNode.Parse(text);
    return new Reply(node, node as JsonObject, response.Headers.ETag?.ToString());
}

async Task<string> MintAsync(params string[] tokenArgs)
{
    var start = new ProcessStartInfo("dotnet", [apiDll, "tokens", .. tokenArgs, "--hours", "8"])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        WorkingDirectory = Path.GetDirectoryName(apiDll)!,
    };
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
    using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the tokens command.");
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    if (process.ExitCode != 0 || lines.Length == 0)
    {
        throw new InvalidOperationException($"tokens command failed ({process.ExitCode}): {await stderr}");
    }

    return lines[^1];
}

static Dictionary<string, string> ParseArguments(string[] args)
{
    var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        parsed[args[i].TrimStart('-')] = args[i + 1];
    }

    foreach (var required in (string[])["url", "api-dll", "out"])
    {
        if (!parsed.ContainsKey(required))
        {
            Console.Error.WriteLine("Usage: ClinicOps.BenchSeed --url URL --api-dll PATH --out DIR [--patients N] [--screened N] [--courses-per-site N] [--parallelism N]");
            Environment.Exit(2);
        }
    }

    return parsed;
}

internal sealed record Reply(JsonNode? Node, JsonObject? Body, string? ETag);
