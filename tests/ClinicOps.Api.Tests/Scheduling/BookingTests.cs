using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.Scheduling;

public sealed class BookingTestsOnSqlite(SqliteApiFixture fixture) : BookingTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class BookingTestsOnPostgres(PostgresApiFixture fixture) : BookingTests(fixture), IClassFixture<PostgresApiFixture>;

public abstract class BookingTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    private static async Task<JsonObject> PlanAsync(HttpClient desk, Guid course, string startDate, params string[] times)
    {
        var body = new JsonObject { ["startDate"] = startDate, ["times"] = new JsonArray([.. times.Select(t => (JsonNode)t)]) };
        var response = await desk.PostAsync($"/api/v1/courses/{course}/plan", Json(body.ToJsonString()));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadObjectAsync();
    }

    private static JsonObject[] AsBooking(JsonObject plan) =>
        [.. plan["sessions"]!.AsArray().Select(s => Session(s!["date"]!.GetValue<string>(), s["time"]!.GetValue<string>(), s["chairId"]!.GetValue<Guid>()))];

    private async Task<int> AppointmentCountAsync(Guid patient)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        return await db.Appointments.IgnoreQueryFilters().CountAsync(a => a.PatientId == patient && a.Status == AppointmentStatus.Booked);
    }

    [Fact]
    public async Task A_front_desk_plans_and_books_an_induction_series_then_moves_cancels_and_marks_a_no_show()
    {
        var (site, chairs) = await Api.ClinicAsync(chairs: 1);
        var patient = await Api.ClearedPatientAsync(site);
        await Api.EnrollInRemsAsync(site, patient);
        var course = await Api.CourseAsync(site, patient, EsketamineTrd);
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var plan = await PlanAsync(desk, course, "2026-11-30", "09:00");
        Assert.Empty(plan["unplaced"]!.AsArray());
        Assert.Equal(8, plan["sessions"]!.AsArray().Count);
        var booked = await desk.BookAsync(course, AsBooking(plan));
        Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        var sessions = (await booked.Content.ReadFromJsonNodeAsync()).AsArray();
        Assert.Equal(Enumerable.Range(1, 8).Select(n => $"induction {n}/8"), sessions.Select(s => s!["label"]!.GetValue<string>()));
        Assert.All(sessions, s => Assert.Equal(("09:00", "America/Chicago"), (s!["localTime"]!.GetValue<string>(), s["timeZoneId"]!.GetValue<string>())));
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture), sessions[0]!["startsAt"]!.GetValue<DateTimeOffset>());

        var ninth = await desk.BookAsync(course, Session("2027-01-14", "09:00", chairs[0]));
        Assert.Equal("appointment.series-full", (await ninth.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());

        var third = sessions[2]!["id"]!.GetValue<Guid>();
        var read = await desk.GetAsync($"/api/v1/appointments/{third}");
        var moved = await desk.SendWithETagAsync($"/api/v1/appointments/{third}/reschedule", new JsonObject { ["date"] = "2026-12-08", ["time"] = "10:00" }, read.Headers.ETag!.ToString());
        var movedBody = await moved.ReadObjectAsync();
        Assert.True(moved.StatusCode == HttpStatusCode.OK, movedBody.ToJsonString());
        Assert.Equal(("2026-12-08", "10:00", 3), (movedBody["localDate"]!.GetValue<string>(), movedBody["localTime"]!.GetValue<string>(), movedBody["sessionNumber"]!.GetValue<int>()));

        var fourth = sessions[3]!["id"]!.GetValue<Guid>();
        var fourthRead = await desk.GetAsync($"/api/v1/appointments/{fourth}");
        var cancelled = await desk.SendWithETagAsync($"/api/v1/appointments/{fourth}/cancellation", new JsonObject { ["reason"] = "Patient has the flu." }, fourthRead.Headers.ETag!.ToString());
        Assert.Equal("Cancelled", (await cancelled.ReadObjectAsync())["status"]!.GetValue<string>());

        // The freed chair takes another patient's session at that very time.
        var other = await Api.ClearedPatientAsync(site, familyName: "Other");
        await Api.EnrollInRemsAsync(site, other);
        var otherCourse = await Api.CourseAsync(site, other, EsketamineTrd);
        Assert.Equal(HttpStatusCode.Created, (await desk.BookAsync(otherCourse, Session("2026-12-10", "09:00", chairs[0]))).StatusCode);

        // The series keeps its count: the cancelled number is the one booked again.
        var rebooked = await desk.BookAsync(course, Session("2026-12-11", "13:00", chairs[0]));
        Assert.True(rebooked.StatusCode == HttpStatusCode.Created, await rebooked.Content.ReadAsStringAsync());
        Assert.Equal(4, (await rebooked.Content.ReadFromJsonNodeAsync())[0]!["sessionNumber"]!.GetValue<int>());

        var first = sessions[0]!["id"]!.GetValue<Guid>();
        var firstRead = await desk.GetAsync($"/api/v1/appointments/{first}");
        var early = await desk.SendWithETagAsync($"/api/v1/appointments/{first}/no-show", null, firstRead.Headers.ETag!.ToString());
        Assert.Equal("appointment.not-started", (await early.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());

        // A second instance on the same database whose clock is past the first session; the shared clock stays put.
        await using var later = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        later.Clock.Advance(DateTimeOffset.Parse("2026-11-30T15:30:00Z", System.Globalization.CultureInfo.InvariantCulture) - later.Clock.GetUtcNow());
        using var laterDesk = later.ClientFor(Role.FrontDesk, site);
        var noShow = await laterDesk.SendWithETagAsync($"/api/v1/appointments/{first}/no-show", null, firstRead.Headers.ETag!.ToString());
        Assert.Equal("NoShow", (await noShow.ReadObjectAsync())["status"]!.GetValue<string>());
        var stillFull = await desk.BookAsync(course, Session("2027-01-14", "09:00", chairs[0]));
        Assert.Equal("appointment.series-full", (await stillFull.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Esketamine_needs_the_sites_REMS_certification_and_the_patients_enrollment()
    {
        var (site, chairs) = await Api.ClinicAsync(remsCertified: false);
        var patient = await Api.ClearedPatientAsync(site);
        var course = await Api.CourseAsync(site, patient, EsketamineTrd);
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var plan = await desk.PostAsync($"/api/v1/courses/{course}/plan", Json("""{"startDate":"2026-11-30","times":["09:00"]}"""));
        var book = await desk.BookAsync(course, Session("2026-11-30", "09:00", chairs[0]));

        var problem = await plan.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("appointment.rems-missing", problem["code"]!.GetValue<string>());
        Assert.Equal(2, problem["reasons"]!.AsArray().Count);
        Assert.Equal("appointment.rems-missing", (await book.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        Assert.Equal(0, await AppointmentCountAsync(patient));
    }

    [Fact]
    public async Task A_course_needs_a_current_screening_cleared_for_the_same_treatment()
    {
        var (site, _) = await Api.ClinicAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var (unscreened, _) = await desk.RegisterPatientAsync(ValidPatient(site));
        var (uncleared, _) = await desk.RegisterPatientAsync(ValidPatient(site, familyName: "Uncleared"));
        var answers = Screenings.Screenings.EligibleAnswers();
        answers["transportation"] = "NoRideArranged";
        await Screenings.Screenings.ScreenAsync(desk, uncleared, answers);
        var esketaminePatient = await Api.ClearedPatientAsync(site, familyName: "Esk");

        foreach (var (patient, protocol) in new[] { (unscreened, EsketamineTrd), (uncleared, EsketamineTrd), (esketaminePatient, IvKetamine) })
        {
            var response = await Api.StartCourseAsync(site, patient, protocol);
            Assert.Equal("course.screening-not-cleared", (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        }

        var started = await Api.StartCourseAsync(site, esketaminePatient, EsketamineTrd);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal("course.already-open", (await (await Api.StartCourseAsync(site, esketaminePatient, EsketamineTrd)).ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Twenty_clerks_booking_the_last_chair_at_once_get_exactly_one_booking(bool withIdempotencyKeys)
    {
        var (site, chairs) = await Api.ClinicAsync(chairs: 1);
        var courses = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            courses.Add(await Api.CourseAsync(site, await Api.ClearedPatientAsync(site, ivKetamine: true, familyName: $"Racer{i}"), IvKetamine));
        }

        var clerks = Enumerable.Range(0, 20).Select(i => Api.ClientFor($"clerk-{i}", [Role.FrontDesk], [site])).ToList();
        if (withIdempotencyKeys)
        {
            // The losers' half-done bookings run inside the idempotency transaction; they must still leave nothing behind.
            clerks.ForEach(c => c.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString()));
        }

        var responses = await Task.WhenAll(courses.Select((course, i) => clerks[i].BookAsync(course, Session("2026-12-02", "09:00", chairs[0]))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal("appointment.chair-taken", (await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        Assert.Equal(1, await db.Appointments.IgnoreQueryFilters().CountAsync(a => a.ChairId == chairs[0]));
        clerks.ForEach(c => c.Dispose());
    }

    public static TheoryData<string, string, string, bool, string> BadSessions => new()
    {
        { "a closed day", "2026-12-24", "09:00", false, "closed" },
        { "before opening", "2026-12-02", "07:00", false, "outside the opening hours" },
        { "too late to finish", "2026-12-02", "16:00", false, "outside the opening hours" },
        { "a weekend", "2026-12-05", "09:00", false, "outside the opening hours" },
        { "an unknown chair", "2026-12-02", "09:00", true, "is not a chair of this site" },
        { "the past", "2026-11-20", "09:00", false, "in the past" },
    };

    [Theory]
    [MemberData(nameof(BadSessions))]
    public async Task A_session_that_breaks_a_rule_gets_422_naming_it_and_nothing_is_booked(string because, string date, string time, bool unknownChair, string reason)
    {
        var (site, chairs) = await Api.ClinicAsync(closures: new Closure(new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25), "Christmas"));
        var patient = await Api.ClearedPatientAsync(site, ivKetamine: true);
        var course = await Api.CourseAsync(site, patient, IvKetamine);
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var response = await desk.BookAsync(course, Session("2026-11-30", "09:00", chairs[0]), Session(date, time, unknownChair ? Guid.NewGuid() : chairs[1]));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("appointment.not-bookable", problem["code"]!.GetValue<string>());
        Assert.True(problem["reasons"]!.AsArray().Any(r => r!.GetValue<string>().Contains(reason, StringComparison.Ordinal)), $"{because}: {problem}");
        Assert.Equal(0, await AppointmentCountAsync(patient));
    }

    [Fact]
    public async Task A_plan_across_a_closure_skips_it_with_a_reason_and_books_nothing()
    {
        var (site, _) = await Api.ClinicAsync(closures: new Closure(new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2), "Staff training"));
        var patient = await Api.ClearedPatientAsync(site, ivKetamine: true);
        var course = await Api.CourseAsync(site, patient, IvKetamine);
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var plan = await PlanAsync(desk, course, "2026-11-30", "09:00");

        var dates = plan["sessions"]!.AsArray().Select(s => s!["date"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("2026-12-02", dates);
        Assert.Equal(["2026-11-30", "2026-12-04"], dates.Take(2));
        Assert.Contains(plan["sessions"]![1]!["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("closed (Staff training)", StringComparison.Ordinal));
        Assert.Equal(0, await AppointmentCountAsync(patient));
        var inPast = await desk.PostAsync($"/api/v1/courses/{course}/plan", Json("""{"startDate":"2026-11-01","times":["09:00"]}"""));
        Assert.Contains("startDate", await inPast.ShouldBeValidationProblemAsync());
    }

    [Fact]
    public async Task Off_grid_times_and_missing_fields_get_400_and_doses_too_close_get_422()
    {
        var (site, chairs) = await Api.ClinicAsync();
        var patient = await Api.ClearedPatientAsync(site, ivKetamine: true);
        var course = await Api.CourseAsync(site, patient, IvKetamine);
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        Assert.Contains("sessions[0].time", await (await desk.BookAsync(course, Session("2026-12-02", "09:10", chairs[0]))).ShouldBeValidationProblemAsync());
        Assert.Contains("sessions", await (await desk.PostAsync($"/api/v1/courses/{course}/sessions", Json("""{"sessions":[]}"""))).ShouldBeValidationProblemAsync());
        var tooClose = await desk.BookAsync(course, Session("2026-12-02", "09:00", chairs[0]), Session("2026-12-03", "09:00", chairs[0]));
        Assert.Contains("less than 2 days apart", (await tooClose.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["reasons"]![0]!.GetValue<string>());
        Assert.Equal(0, await AppointmentCountAsync(patient));
    }

    [Fact]
    public async Task Maintenance_is_bookable_only_after_a_reevaluation_and_up_to_its_cap()
    {
        var (site, chairs) = await Api.ClinicAsync();
        var patient = await Api.ClearedPatientAsync(site, ivKetamine: true);
        var course = await Api.CourseAsync(site, patient, IvKetamine);
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        using var clinician = Api.ClientFor("dr-lee", [Role.Clinician], [site]);

        var read = await clinician.GetAsync($"/api/v1/courses/{course}");
        var toMaintenance = await clinician.SendWithETagAsync($"/api/v1/courses/{course}/phase", new JsonObject { ["phase"] = "Maintenance", ["reason"] = "Skip ahead please." }, read.Headers.ETag!.ToString());
        Assert.Equal("course.reevaluation-required", (await toMaintenance.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        var reassess = await clinician.SendWithETagAsync($"/api/v1/courses/{course}/phase", new JsonObject { ["phase"] = "Reassessment", ["reason"] = "Induction complete." }, read.Headers.ETag!.ToString());
        Assert.Equal("Reassessment", (await reassess.ReadObjectAsync())["phase"]!.GetValue<string>());
        var inReassessment = await desk.BookAsync(course, Session("2026-12-02", "09:00", chairs[0]));
        Assert.Equal("course.reevaluation-required", (await inReassessment.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());

        var etag = reassess.Headers.ETag!.ToString();
        JsonObject Reevaluation(int sessions) => new()
        {
            ["reevaluatedOn"] = "2026-11-21", ["currentPhq9Total"] = 7, ["decision"] = "ContinueMaintenance", ["maintenanceSessionsAllowed"] = sessions,
            ["note"] = "Responding; weekly boosters.",
        };
        var overCap = await clinician.SendWithETagAsync($"/api/v1/courses/{course}/reevaluations", Reevaluation(4), etag);
        Assert.Equal("course.above-maintenance-cap", (await overCap.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        var reevaluated = await clinician.SendWithETagAsync($"/api/v1/courses/{course}/reevaluations", Reevaluation(3), etag);
        var body = await reevaluated.ReadObjectAsync();
        Assert.Equal(("Maintenance", 3), (body["phase"]!.GetValue<string>(), body["maintenanceSessionsAllowed"]!.GetValue<int>()));
        var evaluation = body["reevaluations"]![0]!;
        Assert.Equal((16, 7, true, false), (evaluation["phq9Baseline"]!.GetValue<int>(), evaluation["phq9Current"]!.GetValue<int>(), evaluation["response"]!.GetValue<bool>(), evaluation["remission"]!.GetValue<bool>()));

        var plan = await PlanAsync(desk, course, "2026-11-30", "09:00");
        Assert.Equal(["2026-11-30", "2026-12-07", "2026-12-14"], plan["sessions"]!.AsArray().Select(s => s!["date"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Created, (await desk.BookAsync(course, AsBooking(plan))).StatusCode);
        var fourth = await desk.BookAsync(course, Session("2026-12-21", "09:00", chairs[0]));
        Assert.Equal("appointment.above-maintenance-cap", (await fourth.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Follow_ups_are_proposed_after_dosing_and_booked_as_ordinary_appointments()
    {
        var (site, chairs) = await Api.ClinicAsync();
        var patient = await Api.ClearedPatientAsync(site, ivKetamine: true);
        var course = await Api.CourseAsync(site, patient, IvKetamine);
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        Assert.Equal(HttpStatusCode.Created, (await desk.BookAsync(course, Session("2026-11-30", "09:00", chairs[0]), Session("2026-12-02", "09:00", chairs[0]))).StatusCode);

        var proposals = (await (await desk.GetAsync($"/api/v1/courses/{course}/follow-up-proposals")).Content.ReadFromJsonNodeAsync()).AsArray();
        Assert.Equal(2, proposals.Count);
        Assert.All(proposals, p => Assert.Equal("IntegrationTherapy", p!["kind"]!.GetValue<string>()));
        var first = proposals[0]!;
        Assert.Equal(("2026-12-01", "09:00"), (first["suggestedDate"]!.GetValue<string>(), first["suggestedTime"]!.GetValue<string>()));

        var followUp = new JsonObject
        {
            ["kind"] = "IntegrationTherapy", ["date"] = first["suggestedDate"]!.GetValue<string>(), ["time"] = first["suggestedTime"]!.GetValue<string>(),
            ["durationMinutes"] = 60, ["courseId"] = course,
        };
        var booked = await desk.PostAsync($"/api/v1/patients/{patient}/appointments", Json(followUp.ToJsonString()));
        Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        Assert.Single((await (await desk.GetAsync($"/api/v1/courses/{course}/follow-up-proposals")).Content.ReadFromJsonNodeAsync()).AsArray());

        var clash = new JsonObject { ["kind"] = "FollowUpVisit", ["date"] = "2026-11-30", ["time"] = "10:00", ["durationMinutes"] = 30 };
        var clashing = await desk.PostAsync($"/api/v1/patients/{patient}/appointments", Json(clash.ToJsonString()));
        Assert.Equal("appointment.patient-double-booked", (await clashing.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_series_across_the_spring_daylight_saving_change_keeps_its_local_time()
    {
        var (site, _) = await Api.ClinicAsync();
        var patient = await Api.ClearedPatientAsync(site);
        await Api.EnrollInRemsAsync(site, patient);
        var course = await Api.CourseAsync(site, patient, EsketamineTrd);
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var plan = await PlanAsync(desk, course, "2027-03-08", "09:00");
        var booked = (await (await desk.BookAsync(course, AsBooking(plan))).Content.ReadFromJsonNodeAsync()).AsArray();

        Assert.All(booked, s => Assert.Equal("09:00", s!["localTime"]!.GetValue<string>()));
        Assert.Equal(15, booked[1]!["startsAt"]!.GetValue<DateTimeOffset>().UtcDateTime.Hour);
        Assert.Equal(14, booked[2]!["startsAt"]!.GetValue<DateTimeOffset>().UtcDateTime.Hour);
    }
}
