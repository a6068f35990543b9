using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Api.Tests.TreatmentDay;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Reminders.RemindersHarness;

namespace ClinicOps.Api.Tests.Reminders;

public sealed class TreatmentDayReminderTestsOnSqlite(ReminderSqliteFixture fixture) : TreatmentDayReminderTests(fixture), IClassFixture<ReminderSqliteFixture>;

public sealed class TreatmentDayReminderTestsOnPostgres(ReminderPostgresFixture fixture) : TreatmentDayReminderTests(fixture), IClassFixture<ReminderPostgresFixture>;

/// <summary>The treatment day's events and the reminders after it: dose, alert, departure, the REMS record's deadline.</summary>
public abstract class TreatmentDayReminderTests(ApiFixture fixture)
{
    private static JsonObject Vitals(DateTimeOffset at, int systolic = 128, int diastolic = 80) => new()
    {
        ["measuredAt"] = at.ToString("O"), ["systolic"] = systolic, ["diastolic"] = diastolic, ["heartRate"] = 74, ["spO2"] = 98,
        ["respiratoryRate"] = 14, ["moaas"] = 5, ["dissociation"] = "None",
    };

    private static async Task Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK) =>
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    /// <summary>Checks in, doses at 15:10 UTC, raises a blood-pressure alert, and lets the patient leave early at 16:10.</summary>
    private static async Task<(Guid Site, Guid Patient, Guid Session)> LeftEarlyAsync(ApiFactory api)
    {
        var (site, chair, patient, course) = await api.PatientWithCourseAsync();
        await api.StockLotsAsync(site);
        var appointment = await api.BookOneAsync(site, course, "2026-11-23", "09:00", chair);
        using var nurse = api.ClientFor(Role.Nurse, site);
        api.Clock.MoveTo(At("2026-11-23T14:50:00Z"));
        var checkIn = new JsonObject
        {
            ["rideConfirmed"] = true, ["rideDetails"] = "Partner drives.", ["fastingAcknowledged"] = true, ["medications"] = new JsonArray(),
            ["pregnancy"] = "NotPregnant", ["phq9"] = new JsonArray(1, 1, 1, 2, 1, 1, 1, 0, 0), ["supervisingPrescriber"] = "dr-lee",
            ["pulseOximeterOnsite"] = true,
        };
        var checkedIn = await nurse.PostAsync($"/api/v1/appointments/{appointment}/check-in", Json(checkIn.ToJsonString()));
        await Ok(checkedIn, HttpStatusCode.Created);
        var session = (await checkedIn.ReadObjectAsync())["id"]!.GetValue<Guid>();
        api.Clock.MoveTo(At("2026-11-23T14:56:00Z"));
        await Ok(await nurse.PostAsync($"/api/v1/sessions/{session}/vitals", Json(Vitals(At("2026-11-23T14:55:00Z")).ToJsonString())), HttpStatusCode.Created);
        api.Clock.MoveTo(At("2026-11-23T15:10:00Z"));
        await Ok(await nurse.PostAsync($"/api/v1/sessions/{session}/dose", Json("""{"doseMg":56,"devices":[{"lotNumber":"A1"},{"lotNumber":"A1"}]}""")));
        api.Clock.MoveTo(At("2026-11-23T15:52:00Z"));
        await Ok(await nurse.PostAsync($"/api/v1/sessions/{session}/vitals", Json(Vitals(At("2026-11-23T15:50:00Z"), 182, 96).ToJsonString())), HttpStatusCode.Created);
        api.Clock.MoveTo(At("2026-11-23T16:10:00Z"));
        await Ok(await nurse.PostAsync($"/api/v1/sessions/{session}/early-departure", Json("""{"reason":"Declined to stay after counselling.","seriousAdverseEvent":false}""")));
        return (site, patient, session);
    }

    [Fact]
    public async Task The_day_publishes_dose_alert_and_departure_and_schedules_check_in_therapy_nudge_and_REMS_reminders_that_fire_at_the_deadline()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString, ExplicitJobs);
        var (site, patient, session) = await LeftEarlyAsync(api);

        var types = (await api.EventsAsync(site)).Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["appointment.booked", "session.dose-given", "session.alert-raised", "session.discharged"], types);
        var departed = (await api.EventsAsync(site)).Single(e => e!["type"]!.GetValue<string>() == "session.discharged");
        Assert.Equal((session, true), (departed!["data"]!["sessionId"]!.GetValue<Guid>(), departed["data"]!["leftEarly"]!.GetValue<bool>()));

        var scheduled = (await api.RemindersOfAsync(site, patient))
            .Where(r => r!["status"]!.GetValue<string>() == "Scheduled" && r["kind"]!.GetValue<string>() is not ("AppointmentReminder" or "Phq9SelfReportDue"))
            .Select(r => $"{Kind(r)}@{r!["dueAt"]!.GetValue<DateTimeOffset>().UtcDateTime:MM-ddTHH:mm}").Order(StringComparer.Ordinal);
        Assert.Equal(
            ["IntegrationTherapyNudge/after-dose@11-24T15:10", "NextDayCheckIn/next-day@11-24T12:10", "RemsRecordNotSubmitted/5d@11-28T16:10", "RemsRecordOverdue/deadline@12-01T06:00"],
            scheduled);

        // Nothing booked for integration therapy, nothing submitted: each reminder is published when due.
        api.Clock.MoveTo(At("2026-12-01T06:00:00Z"));
        await api.RunRemindersAsync();
        var published = (await api.EventsAsync(site)).Skip(4).Select(e => e!["type"]!.GetValue<string>() + "/" + e["data"]!["kind"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["reminder.due/IntegrationTherapyNudge", "reminder.due/NextDayCheckIn", "reminder.due/RemsRecordNotSubmitted", "rems.record-overdue/RemsRecordOverdue"],
            published);
        var staff = (await api.RemindersOfAsync(site, patient)).Where(r => r!["audience"]!.GetValue<string>() == "Staff").ToList();
        Assert.All(staff, r => Assert.Equal("Sent", r!["status"]!.GetValue<string>()));

        // The 24-hour reminder and the PHQ-9 before the session were never published (the job did not run before it):
        // published now they would announce a session that is over, so they are cancelled instead.
        var late = (await api.RemindersOfAsync(site, patient)).Where(r => r!["kind"]!.GetValue<string>() is "AppointmentReminder" or "Phq9SelfReportDue").ToList();
        Assert.NotEmpty(late);
        Assert.All(late, r => Assert.Equal("Cancelled", r!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Submitting_the_REMS_record_cancels_its_reminders_in_the_same_transaction()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString, ExplicitJobs);
        var (site, patient, session) = await LeftEarlyAsync(api);
        using var nurse = api.ClientFor(Role.Nurse, site);
        var record = await (await nurse.GetAsync($"/api/v1/sessions/{session}/rems-record")).ReadObjectAsync();
        api.Clock.MoveTo(At("2026-11-25T10:00:00Z"));
        await Ok(await nurse.PostAsync($"/api/v1/rems-records/{record["id"]}/submission", Json("""{"reference":"REMS-CONF-1"}""")));

        var rems = (await api.RemindersOfAsync(site, patient)).Where(r => r!["kind"]!.GetValue<string>().StartsWith("RemsRecord", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rems.Count);
        Assert.All(rems, r => Assert.Equal(("Cancelled", "The REMS record was submitted."), (r!["status"]!.GetValue<string>(), r["cancellationReason"]!.GetValue<string>())));
        api.Clock.MoveTo(At("2026-12-02T00:00:00Z"));
        await api.RunRemindersAsync();
        Assert.DoesNotContain(await api.EventsAsync(site), e => e!["type"]!.GetValue<string>() == "rems.record-overdue");
    }
}
