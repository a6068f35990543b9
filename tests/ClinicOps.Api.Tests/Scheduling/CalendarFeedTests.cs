using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Contract;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.Scheduling;

public sealed class CalendarFeedTestsOnSqlite(SqliteApiFixture fixture) : CalendarFeedTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class CalendarFeedTestsOnPostgres(PostgresApiFixture fixture) : CalendarFeedTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>
/// The patient's iCalendar feed, read back by an independent RFC 5545 parser (ical.js, pinned in contract/package.json)
/// through contract/ical/parse.mjs.
/// </summary>
public abstract class CalendarFeedTests(ApiFixture fixture)
{
    /// <summary>A site name that needs escaping (comma, semicolon, backslash), folding (long) and UTF-8 care.</summary>
    private const string SiteName = "ClinicOps Downtown, Suite 400; North Wing \\ Building B, Rooms 1-4 (façade entrance on Ünïon Street)";

    private static readonly string[] ClinicalWords =
        ["induction", "maintenance", "esketamine", "ketamine", "spravato", "dose", "dosing", "session", "phase", "mg", "avery", "quinn", "integration"];

    private ApiFactory Api => fixture.Api;

    private static async Task<JsonObject> ParseWithIcalJsAsync(string feed)
    {
        await Tools.EnsureNpmToolsAsync();
        var file = Path.Combine(Path.GetTempPath(), $"clinicops-feed-{Guid.NewGuid():N}.ics");
        await File.WriteAllTextAsync(file, feed, new UTF8Encoding(false));
        try
        {
            var (exitCode, output) = await Tools.RunAsync("node", [Path.Combine("ical", "parse.mjs"), file], Tools.ContractDirectory, TimeSpan.FromMinutes(1));
            Assert.True(exitCode == 0, $"ical.js could not parse the feed:\n{output}\n{feed}");
            return JsonNode.Parse(output)!.AsObject();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_feed_parses_with_ical_js_keeps_local_times_across_daylight_saving_and_carries_no_clinical_detail()
    {
        var (site, _) = await Api.ClinicAsync();
        await using (var scope = Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
            (await db.Sites.SingleAsync(s => s.Id == site)).Update(SiteName, "America/Chicago");
            await db.SaveChangesAsync();
        }

        var patient = await Api.ClearedPatientAsync(site);
        await Api.EnrollInRemsAsync(site, patient);
        var course = await Api.CourseAsync(site, patient, EsketamineTrd);
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var plan = await desk.PostAsync($"/api/v1/courses/{course}/plan", Json("""{"startDate":"2027-03-08","times":["09:00"]}"""));
        var sessions = (await plan.ReadObjectAsync())["sessions"]!.AsArray()
            .Select(s => Session(s!["date"]!.GetValue<string>(), s["time"]!.GetValue<string>(), s["chairId"]!.GetValue<Guid>())).ToArray();
        var bookedResponse = await desk.BookAsync(course, sessions);
        Assert.True(bookedResponse.StatusCode == HttpStatusCode.Created, await bookedResponse.Content.ReadAsStringAsync());
        var booked = (await bookedResponse.Content.ReadFromJsonNodeAsync()).AsArray();
        var last = booked[^1]!["id"]!.GetValue<Guid>();
        var read = await desk.GetAsync($"/api/v1/appointments/{last}");
        var cancelled = await desk.SendWithETagAsync($"/api/v1/appointments/{last}/cancellation", new JsonObject { ["reason"] = "Patient is travelling." }, read.Headers.ETag!.ToString());
        var cancelledVersion = int.Parse(cancelled.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

        using var integrator = Api.ClientFor(Role.Integrator, site);
        var response = await integrator.GetAsync($"/api/v1/patients/{patient}/appointments.ics");
        var raw = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, raw);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);

        // RFC 5545 3.1: CRLF line endings, no line longer than 75 octets, continuation lines start with a space.
        Assert.EndsWith("END:VCALENDAR\r\n", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", raw.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var lines = raw.Split("\r\n")[..^1];
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"Line longer than 75 octets: {line}"));
        Assert.Contains(lines, line => line.StartsWith(' '));
        Assert.Contains(@"LOCATION:ClinicOps Downtown\, Suite 400\; North Wing \\ Building B\,", raw, StringComparison.Ordinal);

        var calendar = await ParseWithIcalJsAsync(raw);
        Assert.Equal(("2.0", "GREGORIAN", "PUBLISH", "America/Chicago"),
            (calendar["version"]!.GetValue<string>(), calendar["calscale"]!.GetValue<string>(), calendar["method"]!.GetValue<string>(), calendar["timezone"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(calendar["prodid"]!.GetValue<string>()));
        var events = calendar["events"]!.AsArray();
        Assert.Equal(booked.Count, events.Count);
        for (var i = 0; i < booked.Count; i++)
        {
            var (appointment, parsed) = (booked[i]!, events[i]!);
            Assert.Equal($"{appointment["id"]!.GetValue<Guid>()}@clinicops", parsed["uid"]!.GetValue<string>());
            Assert.Equal("Appointment", parsed["summary"]!.GetValue<string>());
            Assert.Equal(SiteName, parsed["location"]!.GetValue<string>());
            Assert.Equal(appointment["startsAt"]!.GetValue<DateTimeOffset>(), DateTimeOffset.Parse(parsed["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(appointment["endsAt"]!.GetValue<DateTimeOffset>(), DateTimeOffset.Parse(parsed["end"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("2026-11-21T14:00:00.000Z", parsed["dtstamp"]!.GetValue<string>());
            Assert.Equal(i == booked.Count - 1 ? "CANCELLED" : "CONFIRMED", parsed["status"]!.GetValue<string>());
        }

        // 09:00 in Chicago stays 09:00 across the 2027-03-14 change: 15:00Z (CST) before, 14:00Z (CDT) after.
        Assert.Equal(["2027-03-08T15:00:00.000Z", "2027-03-11T15:00:00.000Z", "2027-03-15T14:00:00.000Z", "2027-03-18T14:00:00.000Z"],
            events.Take(4).Select(e => e!["start"]!.GetValue<string>()));
        Assert.Equal(cancelledVersion, events[^1]!["sequence"]!.GetValue<int>());
        Assert.True(cancelledVersion > events[0]!["sequence"]!.GetValue<int>());

        var lower = raw.ToLowerInvariant();
        Assert.All(ClinicalWords, word => Assert.DoesNotContain(word, lower, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_patient_without_appointments_gets_an_empty_calendar_and_an_unknown_patient_404()
    {
        var (site, _) = await Api.ClinicAsync();
        var patient = await Api.ClearedPatientAsync(site);
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var response = await desk.GetAsync($"/api/v1/patients/{patient}/appointments.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var calendar = await ParseWithIcalJsAsync(await response.Content.ReadAsStringAsync());
        Assert.Empty(calendar["events"]!.AsArray());
        await (await desk.GetAsync($"/api/v1/patients/{Guid.NewGuid()}/appointments.ics")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
