using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Reminders.RemindersHarness;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.Reminders;

public sealed class ReminderTestsOnSqlite(ReminderSqliteFixture fixture) : ReminderTests(fixture), IClassFixture<ReminderSqliteFixture>;

public sealed class ReminderTestsOnPostgres(ReminderPostgresFixture fixture) : ReminderTests(fixture), IClassFixture<ReminderPostgresFixture>;

/// <summary>
/// Reminders and events as the changes that cause them write them. Each test runs its own API (jobs on) on the class's
/// database and moves that API's clock; the jobs run when the test runs them through Quartz.
/// </summary>
public abstract class ReminderTests(ApiFixture fixture)
{
    private ApiFactory NewApi(IReadOnlyDictionary<string, string>? extra = null) =>
        new(fixture.Provider, fixture.ConnectionString, ExplicitJobs.Concat(extra ?? new Dictionary<string, string>()).ToDictionary());

    [Fact]
    public async Task Booking_moving_and_cancelling_a_session_moves_its_reminders_and_events_in_the_same_transaction()
    {
        await using var api = NewApi();
        var (site, chair, patient, course) = await api.PatientWithCourseAsync();
        using var desk = api.ClientFor(Role.FrontDesk, site);
        var before = (await api.EventsAsync(site)).Count;

        // Monday 30 November, 09:00 in Chicago = 15:00 UTC.
        var appointment = await api.BookOneAsync(site, course, "2026-11-30", "09:00", chair);
        var reminders = await api.RemindersOfAsync(site, patient);
        Assert.Equal(
            ["AppointmentReminder/24h@2026-11-29T15:00:00Z", "AppointmentReminder/48h@2026-11-28T15:00:00Z", "Phq9SelfReportDue/24h@2026-11-29T15:00:00Z"],
            reminders.Select(r => $"{Kind(r)}@{r!["dueAt"]!.GetValue<DateTimeOffset>().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}").Order(StringComparer.Ordinal));
        Assert.All(reminders, r => Assert.Equal(("Scheduled", appointment, "Patient"), (r!["status"]!.GetValue<string>(), r["appointmentId"]!.GetValue<Guid>(), r["audience"]!.GetValue<string>())));
        var booked = (await api.EventsAsync(site)).Skip(before).Single();
        Assert.Equal(("appointment.booked", appointment), (booked!["type"]!.GetValue<string>(), booked["data"]!["appointmentId"]!.GetValue<Guid>()));

        // A refused booking (the chair is taken at that time) rolls back: no event, no reminder.
        var other = await api.ClearedPatientAsync(site, familyName: "Other");
        await api.EnrollInRemsAsync(site, other);
        var otherCourse = await api.CourseAsync(site, other, EsketamineTrd);
        Assert.Equal(HttpStatusCode.Conflict, (await desk.BookAsync(otherCourse, Session("2026-11-30", "09:00", chair))).StatusCode);
        Assert.Single(await api.EventsAsync(site, booked["sequence"]!.GetValue<long>() - 1));
        Assert.Empty(await api.RemindersOfAsync(site, other));

        // Moving the session moves the same reminders.
        var read = await desk.GetAsync($"/api/v1/appointments/{appointment}");
        var moved = await desk.SendWithETagAsync($"/api/v1/appointments/{appointment}/reschedule", new JsonObject { ["date"] = "2026-12-01", ["time"] = "10:00" }, read.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var movedReminders = await api.RemindersOfAsync(site, patient);
        Assert.Equal(reminders.Select(r => r!["id"]!.GetValue<Guid>()).Order(), movedReminders.Select(r => r!["id"]!.GetValue<Guid>()).Order());
        Assert.Equal(At("2026-11-29T16:00:00Z"), movedReminders.Single(r => Kind(r) == "AppointmentReminder/48h")!["dueAt"]!.GetValue<DateTimeOffset>());
        var rescheduled = (await api.EventsAsync(site, booked["sequence"]!.GetValue<long>())).Single();
        Assert.Equal("appointment.rescheduled", rescheduled!["type"]!.GetValue<string>());
        Assert.Equal(At("2026-11-30T15:00:00Z"), rescheduled["data"]!["previousStartsAt"]!.GetValue<DateTimeOffset>());

        // Cancelling it cancels them.
        read = await desk.GetAsync($"/api/v1/appointments/{appointment}");
        var cancelled = await desk.SendWithETagAsync($"/api/v1/appointments/{appointment}/cancellation", new JsonObject { ["reason"] = "Patient has the flu." }, read.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.All(await api.RemindersOfAsync(site, patient), r => Assert.Equal("Cancelled", r!["status"]!.GetValue<string>()));
        var last = (await api.EventsAsync(site, rescheduled["sequence"]!.GetValue<long>())).Single();
        Assert.Equal("appointment.cancelled", last!["type"]!.GetValue<string>());
        Assert.DoesNotContain("flu", last.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_due_reminder_is_published_and_delivered_once_however_often_the_jobs_run_under_the_system_actor()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = NewApi();
        var (site, chair, patient, course) = await api.PatientWithCourseAsync();
        await api.SubscribeAsync(site, receiver.Url, "reminder.due");
        await api.BookOneAsync(site, course, "2026-11-30", "09:00", chair);

        api.Clock.MoveTo(At("2026-11-28T15:00:00Z"));
        await api.RunRemindersAsync();
        await api.RunRemindersAsync();
        var reminders = await api.RemindersOfAsync(site, patient);
        var sent = Assert.Single(reminders, r => r!["status"]!.GetValue<string>() == "Sent");
        Assert.Equal("AppointmentReminder/48h", Kind(sent));
        var eventId = sent!["eventId"]!.GetValue<Guid>();
        var published = Assert.Single(await api.EventsAsync(site), e => e!["type"]!.GetValue<string>() == "reminder.due");
        Assert.Equal(eventId, published!["id"]!.GetValue<Guid>());
        Assert.Equal(4, published["data"]!["preparationRules"]!.AsArray().Count);

        await api.RunWebhooksAsync();
        await api.RunWebhooksAsync();
        var delivered = Assert.Single(receiver.Received);
        Assert.Equal(eventId.ToString(), delivered.Id);
        Assert.Equal("reminder.due", JsonNode.Parse(delivered.Body)!["type"]!.GetValue<string>());

        // The job worked as an explicit system actor for that site: stamped and audited as such.
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        var reminderId = sent["id"]!.GetValue<Guid>().ToString();
        var audit = await db.AuditEntries.Where(e => e.EntityType == "Reminder" && e.EntityId == reminderId && e.Subject == "system:reminders").ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Equal((site, "System"), (entry.SiteId!.Value, entry.Roles));
        Assert.Equal("system:webhooks", (await db.WebhookDeliveries.IgnoreQueryFilters().SingleAsync(d => d.EventId == eventId)).UpdatedBy);
    }

    [Fact]
    public async Task A_receiver_failing_three_times_then_succeeding_gets_the_delivery_with_growing_delays_and_one_event_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, attempt) => attempt <= 3 ? 503 : 200;
        await using var api = NewApi();
        var (site, chair, _, course) = await api.PatientWithCourseAsync();
        await api.SubscribeAsync(site, receiver.Url, "appointment.booked");
        await api.BookOneAsync(site, course, "2026-11-30", "09:00", chair);

        await api.RunWebhooksAsync();
        for (var retry = 1; retry <= 3; retry++)
        {
            var pending = Assert.Single(await api.DeliveriesAsync(site, "&failedOnly=true"));
            Assert.Equal((retry, "Pending", "HTTP 503"), (pending!["attempts"]!.GetValue<int>(), pending["status"]!.GetValue<string>(), pending["lastError"]!.GetValue<string>()));
            var next = pending["nextAttemptAt"]!.GetValue<DateTimeOffset>();

            // Not a moment early: the job finds nothing due before the backoff has passed.
            api.Clock.MoveTo(next.AddSeconds(-1));
            await api.RunWebhooksAsync();
            Assert.Equal(retry, receiver.Received.Count);
            api.Clock.MoveTo(next);
            await api.RunWebhooksAsync();
        }

        Assert.Equal([503, 503, 503, 200], receiver.Received.Select(r => r.AnsweredStatus));
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
        var stamps = receiver.Received.Select(r => r.Timestamp).ToList();
        var delays = stamps.Zip(stamps.Skip(1), (a, b) => b - a).ToList();
        Assert.True(delays[0] >= 30 && delays[0] < delays[1] && delays[1] < delays[2], $"delays {string.Join(", ", delays)} s");
        var done = Assert.Single(await api.DeliveriesAsync(site));
        Assert.Equal(("Delivered", 4), (done!["status"]!.GetValue<string>(), done["attempts"]!.GetValue<int>()));
        Assert.Empty(await api.DeliveriesAsync(site, "&failedOnly=true"));
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_is_dead_lettered_its_reminder_failed_and_an_admin_retry_delivers_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, _) => 500;
        await using var api = NewApi(new Dictionary<string, string> { ["Jobs:MaxAttempts"] = "3" });
        var (site, chair, patient, course) = await api.PatientWithCourseAsync();
        await api.SubscribeAsync(site, receiver.Url, "reminder.due");
        await api.BookOneAsync(site, course, "2026-11-30", "09:00", chair);
        api.Clock.MoveTo(At("2026-11-28T15:00:00Z"));
        await api.RunRemindersAsync();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await api.RunWebhooksAsync();
            if ((await api.DeliveriesAsync(site, "&status=Pending")).FirstOrDefault() is { } pending)
            {
                api.Clock.MoveTo(pending["nextAttemptAt"]!.GetValue<DateTimeOffset>());
            }
        }

        var dead = Assert.Single(await api.DeliveriesAsync(site, "&status=DeadLettered"));
        Assert.Equal((3, 500), (dead!["attempts"]!.GetValue<int>(), dead["lastStatusCode"]!.GetValue<int>()));
        Assert.Equal(3, receiver.Received.Count);
        var reminder = Assert.Single(await api.RemindersOfAsync(site, patient), r => r!["eventId"] is not null);
        Assert.Equal(dead["eventId"]!.GetValue<Guid>(), reminder!["eventId"]!.GetValue<Guid>());
        Assert.Equal(("Failed", 3), (reminder!["status"]!.GetValue<string>(), reminder["attempts"]!.GetValue<int>()));

        // Nothing is retried on its own any more (other reminders falling due meanwhile are delivered, to the same
        // failing receiver); an administrator's retry sends it again with the same id.
        var eventId = dead["eventId"]!.GetValue<Guid>().ToString();
        api.Clock.Advance(TimeSpan.FromDays(1));
        await api.RunWebhooksAsync();
        Assert.Equal(3, receiver.Received.Count(r => r.Id == eventId));
        receiver.Answer = (_, _) => 204;
        using var admin = api.ClientFor(Role.ClinicAdmin, site);
        using var desk = api.ClientFor(Role.FrontDesk, site);
        var deliveryId = dead["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsync($"/api/v1/webhook-deliveries/{deliveryId}/retry", null)).StatusCode);
        var retried = await admin.PostAsync($"/api/v1/webhook-deliveries/{deliveryId}/retry", null);
        Assert.Equal("Pending", (await retried.ReadObjectAsync())["status"]!.GetValue<string>());
        await api.RunWebhooksAsync();
        Assert.Equal([500, 500, 500, 204], receiver.Received.Where(r => r.Id == eventId).Select(r => r.AnsweredStatus));
        Assert.Equal("Delivered", (await api.DeliveriesAsync(site)).Single(d => d!["id"]!.GetValue<Guid>() == deliveryId)!["status"]!.GetValue<string>());
        Assert.Equal("Sent", (await api.RemindersOfAsync(site, patient)).Single(r => r!["eventId"]?.GetValue<Guid>().ToString() == eventId)!["status"]!.GetValue<string>());
        var again = await admin.PostAsync($"/api/v1/webhook-deliveries/{deliveryId}/retry", null);
        Assert.Equal("delivery.not-dead-lettered", (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_no_show_cancels_the_patients_reminders_and_reminds_staff_to_follow_up()
    {
        await using var api = NewApi();
        var (site, chair, patient, course) = await api.PatientWithCourseAsync();
        var appointment = await api.BookOneAsync(site, course, "2026-11-30", "09:00", chair);
        api.Clock.MoveTo(At("2026-11-30T15:30:00Z"));
        using var desk = api.ClientFor(Role.FrontDesk, site);
        var read = await desk.GetAsync($"/api/v1/appointments/{appointment}");
        Assert.Equal(HttpStatusCode.OK, (await desk.SendWithETagAsync($"/api/v1/appointments/{appointment}/no-show", null, read.Headers.ETag!.ToString())).StatusCode);

        var reminders = await api.RemindersOfAsync(site, patient);
        var followUp = Assert.Single(reminders, r => r!["status"]!.GetValue<string>() == "Scheduled");
        Assert.Equal(("NoShowFollowUp/no-show", "Staff", At("2026-11-30T16:30:00Z")), (Kind(followUp), followUp!["audience"]!.GetValue<string>(), followUp["dueAt"]!.GetValue<DateTimeOffset>()));
        Assert.All(reminders.Where(r => r != followUp), r => Assert.Equal("Cancelled", r!["status"]!.GetValue<string>()));
        Assert.Contains(await api.EventsAsync(site), e => e!["type"]!.GetValue<string>() == "appointment.no-show");
    }

    [Fact]
    public async Task Prior_authorization_reminders_are_raised_for_staff_once_per_PA_and_kind_however_often_the_job_runs_per_issue_15()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = NewApi();
        var (site, chair, expiringPatient, expiringCourse) = await api.PatientWithCourseAsync();
        await api.SubscribeAsync(site, receiver.Url, "reminder.due");
        var fewLeftPatient = await api.ClearedPatientAsync(site, familyName: "FewLeft");
        await api.EnrollInRemsAsync(site, fewLeftPatient);
        var fewLeftCourse = await api.CourseAsync(site, fewLeftPatient, EsketamineTrd);
        using var desk = api.ClientFor(Role.FrontDesk, site);
        async Task<Guid> RecordAsync(Guid course, int sessions, string through)
        {
            var body = new JsonObject
            {
                ["payer"] = "Aetna", ["referenceNumber"] = $"PA-{course:N}", ["status"] = "Approved", ["approvedSessions"] = sessions,
                ["validFrom"] = "2026-11-01", ["validThrough"] = through,
            };
            var recorded = await desk.PostAsync($"/api/v1/courses/{course}/prior-authorizations", Json(body.ToJsonString()));
            var json = await recorded.ReadObjectAsync();
            Assert.True(recorded.StatusCode == HttpStatusCode.Created, json.ToJsonString());
            return json["id"]!.GetValue<Guid>();
        }

        // Today is 2026-11-21: this PA ends in 10 days with 20 sessions unused; the other has 4 sessions, 2 of them booked.
        var expiring = await RecordAsync(expiringCourse, 20, "2026-12-01");
        var fewLeft = await RecordAsync(fewLeftCourse, 4, "2027-03-31");
        await api.BookOneAsync(site, fewLeftCourse, "2026-11-25", "09:00", chair);
        await api.BookOneAsync(site, fewLeftCourse, "2026-11-27", "09:00", chair);
        static List<JsonNode> OfPriorAuthorizations(JsonArray reminders) =>
            [.. reminders.Where(r => Kind(r).StartsWith("PriorAuthorization", StringComparison.Ordinal)).Select(r => r!)];
        Assert.Empty(OfPriorAuthorizations(await api.RemindersOfAsync(site, expiringPatient)));

        await api.RunRemindersAsync();
        await api.RunRemindersAsync();
        api.Clock.Advance(TimeSpan.FromDays(1));
        await api.RunRemindersAsync();

        var expiringReminder = Assert.Single(OfPriorAuthorizations(await api.RemindersOfAsync(site, expiringPatient)));
        Assert.Equal(("PriorAuthorizationExpiring/14d", "Staff", "Sent", expiring),
            (Kind(expiringReminder), expiringReminder["audience"]!.GetValue<string>(), expiringReminder["status"]!.GetValue<string>(), expiringReminder["subjectId"]!.GetValue<Guid>()));
        var fewLeftReminder = Assert.Single(OfPriorAuthorizations(await api.RemindersOfAsync(site, fewLeftPatient)));
        Assert.Equal(("PriorAuthorizationFewSessionsLeft/2-left", "Staff", "Sent", fewLeft),
            (Kind(fewLeftReminder), fewLeftReminder["audience"]!.GetValue<string>(), fewLeftReminder["status"]!.GetValue<string>(), fewLeftReminder["subjectId"]!.GetValue<Guid>()));

        var published = (await api.EventsAsync(site)).Where(e => e!["type"]!.GetValue<string>() == "reminder.due"
            && e["data"]!["kind"]!.GetValue<string>().StartsWith("PriorAuthorization", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            new[] { expiringReminder["eventId"]!.GetValue<Guid>(), fewLeftReminder["eventId"]!.GetValue<Guid>() }.Order(),
            published.Select(e => e!["id"]!.GetValue<Guid>()).Order());
        await api.RunWebhooksAsync();
        await api.RunWebhooksAsync();
        var delivered = receiver.Received.Where(r => JsonNode.Parse(r.Body)!["data"]!["kind"]!.GetValue<string>().StartsWith("PriorAuthorization", StringComparison.Ordinal));
        Assert.Equal(published.Select(e => e!["id"]!.GetValue<Guid>().ToString()).Order(), delivered.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task Reminder_offsets_are_configured_per_site_and_used_for_new_bookings()
    {
        await using var api = NewApi();
        var (site, chair, patient, course) = await api.PatientWithCourseAsync();
        using var admin = api.ClientFor(Role.ClinicAdmin, site);
        var read = await admin.GetAsync($"/api/v1/sites/{site}/reminder-settings");
        var defaults = await read.ReadObjectAsync();
        Assert.Equal([48, 24], defaults["appointmentReminderHoursBefore"]!.AsArray().Select(h => h!.GetValue<int>()));
        defaults.Remove("siteId");
        defaults["appointmentReminderHoursBefore"] = new JsonArray(72);
        defaults["phq9HoursBefore"] = 12;
        var bad = defaults.DeepClone().AsObject();
        bad["appointmentReminderHoursBefore"] = new JsonArray(24, 24);
        var refused = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sites/{site}/reminder-settings")
        {
            Content = Json(bad.ToJsonString()), Headers = { { "If-Match", read.Headers.ETag!.ToString() } },
        });
        Assert.Contains("appointmentReminderHoursBefore", await refused.ShouldBeValidationProblemAsync());
        var replaced = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sites/{site}/reminder-settings")
        {
            Content = Json(defaults.ToJsonString()), Headers = { { "If-Match", read.Headers.ETag!.ToString() } },
        });
        Assert.True(replaced.StatusCode == HttpStatusCode.OK, await replaced.Content.ReadAsStringAsync());

        await api.BookOneAsync(site, course, "2026-11-30", "09:00", chair);
        Assert.Equal(
            ["AppointmentReminder/72h@2026-11-27T15:00:00Z", "Phq9SelfReportDue/12h@2026-11-30T03:00:00Z"],
            (await api.RemindersOfAsync(site, patient)).Select(r => $"{Kind(r)}@{r!["dueAt"]!.GetValue<DateTimeOffset>().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Subscription_urls_must_be_http_or_https_without_credentials_and_event_types_known()
    {
        await using var api = NewApi();
        var site = await api.CreateSiteAsync();
        using var admin = api.ClientFor(Role.ClinicAdmin, site);
        foreach (var (url, types) in new[]
                 {
                     ("ftp://hooks.example.com/in", "[]"), ("https://user:secret@hooks.example.com/in", "[]"), ("/relative/path", "[]"),
                     ("javascript:alert(1)", "[]"), ("https://hooks.example.com/in", """["appointment.exploded"]"""),
                 })
        {
            var response = await admin.PostAsync($"/api/v1/sites/{site}/webhook-subscriptions", Json($$"""{"url":"{{url}}","eventTypes":{{types}}}"""));
            Assert.NotEmpty(await response.ShouldBeValidationProblemAsync());
        }

        var list = await admin.GetAsync($"/api/v1/sites/{site}/webhook-subscriptions");
        Assert.Empty((await list.Content.ReadFromJsonNodeAsync()).AsArray());
    }

    [Fact]
    public async Task The_event_feed_is_ordered_resumable_and_site_scoped()
    {
        await using var api = NewApi();
        var (site, chair, _, course) = await api.PatientWithCourseAsync();
        var (otherSite, otherChair, _, otherCourse) = await api.PatientWithCourseAsync();
        foreach (var date in new[] { "2026-11-30", "2026-12-03", "2026-12-07" })
        {
            await api.BookOneAsync(site, course, date, "09:00", chair);
            await api.BookOneAsync(otherSite, otherCourse, date, "10:00", otherChair);
        }

        using var integrator = api.ClientFor(Role.Integrator, site);
        var seen = new List<long>();
        long cursor = 0;
        while (true)
        {
            var page = await (await integrator.GetAsync($"/api/v1/sites/{site}/events?after={cursor}&limit=1")).ReadObjectAsync();
            var events = page["events"]!.AsArray();
            if (events.Count == 0)
            {
                Assert.Equal(cursor, page["next"]!.GetValue<long>());
                break;
            }

            Assert.Equal(site, events[0]!["siteId"]!.GetValue<Guid>());
            seen.Add(events[0]!["sequence"]!.GetValue<long>());
            cursor = page["next"]!.GetValue<long>();
        }

        Assert.Equal(3, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(HttpStatusCode.NotFound, (await integrator.GetAsync($"/api/v1/sites/{otherSite}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await integrator.GetAsync($"/api/v1/sites/{site}/events?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Ready_reports_the_scheduler()
    {
        await using var api = NewApi();
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        var scheduler = await api.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
        var standby = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, standby.StatusCode);
        await scheduler.Start();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    /// <summary>
    /// The scheduler keeps real time whatever the application's clock does. A trigger the scheduler has acquired and is
    /// waiting on is kept for a newer, earlier one only when it is due within 70 ms (the store's round trip, by Quartz's
    /// reckoning). On the application's clock, stopped here 50 ms before that fire time, the wait never ended and the
    /// on-demand run waited behind it: the webhook test's rare timeout, whose clock is set to real time to the
    /// millisecond. Quartz keeps its own time now, so the fire time arrives, and the run after it.
    /// </summary>
    [Fact]
    public async Task An_on_demand_run_finishes_while_the_clock_stands_just_before_the_trigger_the_scheduler_waits_on()
    {
        await using var api = NewApi();
        _ = api.Server;
        await using var store = await api.OpenSchedulerStoreAsync();
        await using var acquired = store.CreateCommand();
        acquired.CommandText = "SELECT MIN(next_fire_time) FROM qrtz_triggers WHERE trigger_state = 'ACQUIRED'";
        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        object? fireTicks;
        while ((fireTicks = await acquired.ExecuteScalarAsync(within.Token)) is not long)
        {
            // The start-up runs go first; then the scheduler acquires the next fire and waits for it.
            await Task.Delay(50, within.Token);
        }

        api.Clock.Set(FromQuartzTicks((long)fireTicks).AddMilliseconds(-50));
        await api.RunRemindersAsync();
        await api.RunWebhooksAsync();
    }
}
