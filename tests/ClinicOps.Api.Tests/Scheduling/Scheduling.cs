using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Screenings.Screenings;

namespace ClinicOps.Api.Tests.Scheduling;

/// <summary>Shared steps of the scheduling scenarios: a site open on weekdays 08:00-18:00 with chairs, cleared patients, courses.</summary>
public static class Scheduling
{
    public static readonly Guid EsketamineTrd = SeededProtocols.EsketamineTrdId;
    public static readonly Guid IvKetamine = SeededProtocols.IvKetamineId;

    /// <summary>A site (America/Chicago) open Monday-Friday 08:00-18:00, with the given chairs, optionally REMS-certified.</summary>
    public static async Task<(Guid Site, Guid[] Chairs)> ClinicAsync(this ApiFactory api, int chairs = 2, bool remsCertified = true, params Closure[] closures)
    {
        var site = await api.CreateSiteAsync();
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        var entity = await db.Sites.SingleAsync(s => s.Id == site);
        entity.SetSchedule(
            [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(d => new OpeningHours(d, new TimeOnly(8, 0), new TimeOnly(18, 0)))],
            closures);
        if (remsCertified)
        {
            entity.SetRemsCertification(new DateOnly(2026, 1, 5), "REMS-SETTING-001");
        }

        var created = Enumerable.Range(1, chairs).Select(i => new Chair(site, $"Chair {i}")).ToList();
        db.AddRange(created);
        await db.SaveChangesAsync();
        return (site, [.. created.Select(c => c.Id)]);
    }

    public static async Task EnrollInRemsAsync(this ApiFactory api, Guid site, Guid patient)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        db.Add(new RemsEnrollment(patient, site, new DateOnly(2026, 11, 19), "PT-REMS-42"));
        await db.SaveChangesAsync();
    }

    /// <summary>A patient of the site with an eligible screening for the protocol's treatment.</summary>
    public static async Task<Guid> ClearedPatientAsync(this ApiFactory api, Guid site, bool ivKetamine = false, string familyName = "Quinn")
    {
        using var desk = api.ClientFor(Role.FrontDesk, site);
        var (patient, _) = await desk.RegisterPatientAsync(ValidPatient(site, familyName: familyName));
        var answers = EligibleAnswers();
        if (ivKetamine)
        {
            answers["intendedTreatment"] = "IvKetamine";
            answers["indication"] = "ClinicProtocol";
        }

        var screening = await ScreenAsync(desk, patient, answers);
        Assert.True(screening["clearedForTreatment"]!.GetValue<bool>());
        return patient;
    }

    public static async Task<HttpResponseMessage> StartCourseAsync(this ApiFactory api, Guid site, Guid patient, Guid protocol)
    {
        using var clinician = api.ClientFor("dr-lee", [Role.Clinician], [site]);
        return await clinician.PostAsync($"/api/v1/patients/{patient}/courses", Json(new JsonObject { ["protocolId"] = protocol }.ToJsonString()));
    }

    public static async Task<Guid> CourseAsync(this ApiFactory api, Guid site, Guid patient, Guid protocol)
    {
        var response = await api.StartCourseAsync(site, patient, protocol);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadObjectAsync())["id"]!.GetValue<Guid>();
    }

    public static JsonObject Session(string date, string time, Guid chair) => new() { ["date"] = date, ["time"] = time, ["chairId"] = chair };

    public static Task<HttpResponseMessage> BookAsync(this HttpClient desk, Guid course, params JsonObject[] sessions) =>
        desk.PostAsync($"/api/v1/courses/{course}/sessions", Json(new JsonObject { ["sessions"] = new JsonArray([.. sessions]) }.ToJsonString()));

    public static async Task<HttpResponseMessage> SendWithETagAsync(this HttpClient client, string url, JsonObject? body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json((body ?? new JsonObject()).ToJsonString()) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request);
    }
}
