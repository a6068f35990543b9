using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Screenings.Screenings;

namespace ClinicOps.Api.Tests.Screenings;

public sealed class ScreeningTestsOnSqlite(SqliteApiFixture fixture) : ScreeningTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class ScreeningTestsOnPostgres(PostgresApiFixture fixture) : ScreeningTests(fixture), IClassFixture<PostgresApiFixture>;

public abstract class ScreeningTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    private Task<(Guid Site, Guid Patient)> RegisteredPatientAsync(string dateOfBirth = "1984-03-17") => Api.RegisteredPatientAsync(dateOfBirth);

    [Fact]
    public async Task From_registration_through_screening_to_clinician_approval()
    {
        var (site, patient) = await RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor("dr-lee", [Role.Clinician], [site]);
        var answers = EligibleAnswers();
        answers["bloodPressure"] = new JsonObject { ["systolic"] = 141, ["diastolic"] = 90 };
        answers["medications"] = new JsonArray("Benzodiazepine");

        var screening = await ScreenAsync(nurse, patient, answers);

        Assert.Equal("NeedsClinicianReview", screening["outcome"]!.GetValue<string>());
        Assert.False(screening["clearedForTreatment"]!.GetValue<bool>());
        Assert.True(screening["awaitingReview"]!.GetValue<bool>());
        Assert.Equal(16, screening["phq9"]!["total"]!.GetValue<int>());
        Assert.Equal("ModeratelySevere", screening["phq9"]!["severity"]!.GetValue<string>());
        var bp = Rule(screening, "BP-PRE-TREATMENT");
        Assert.Equal("Caution", bp["status"]!.GetValue<string>());
        Assert.Contains("141/90", bp["explanation"]!.GetValue<string>());
        Assert.Equal("Pass", Rule(screening, "AGE-ADULT")["status"]!.GetValue<string>());
        Assert.Equal("Label", Rule(screening, "AGE-ADULT")["source"]!.GetValue<string>());
        Assert.Equal("Caution", Rule(screening, "MED-BENZODIAZEPINE")["status"]!.GetValue<string>());
        Assert.Equal(140, screening["thresholds"]!["systolicDeferAbove"]!.GetValue<int>());
        Assert.Equal("2026.11.2", screening["ruleSetVersion"]!.GetValue<string>());

        var queue = await (await clinician.GetAsync("/api/v1/screenings/review-queue")).ReadObjectAsync();
        Assert.Contains(queue["items"]!.AsArray(), s => s!["id"]!.GetValue<Guid>() == screening["id"]!.GetValue<Guid>());

        var review = await clinician.PostAsync(
            $"/api/v1/screenings/{screening["id"]}/review",
            Json("""
                {"decision":"Approved","reason":"Cleared for induction.","acceptedFindings":[
                  {"ruleId":"BP-PRE-TREATMENT","reason":"BP 132/84 on recheck after rest."},
                  {"ruleId":"MED-BENZODIAZEPINE","reason":"Benzodiazepine tapered; none within 24 h of a session."}]}
                """));

        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        var approved = await (await nurse.GetAsync($"/api/v1/screenings/{screening["id"]}")).ReadObjectAsync();
        Assert.True(approved["clearedForTreatment"]!.GetValue<bool>());
        Assert.False(approved["awaitingReview"]!.GetValue<bool>());
        Assert.Equal("dr-lee", approved["review"]!["reviewedBy"]!.GetValue<string>());
        Assert.Equal("NeedsClinicianReview", approved["outcome"]!.GetValue<string>());
        var queueAfter = await (await clinician.GetAsync("/api/v1/screenings/review-queue")).ReadObjectAsync();
        Assert.DoesNotContain(queueAfter["items"]!.AsArray(), s => s!["id"]!.GetValue<Guid>() == screening["id"]!.GetValue<Guid>());
        var second = await clinician.PostAsync($"/api/v1/screenings/{screening["id"]}/review", Json("""{"decision":"Declined","reason":"changed my mind"}"""));
        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_clean_screening_is_eligible_and_needs_no_review()
    {
        var (site, patient) = await RegisteredPatientAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        using var clinician = Api.ClientFor(Role.Clinician, site);

        var screening = await ScreenAsync(desk, patient, EligibleAnswers());

        Assert.Equal("Eligible", screening["outcome"]!.GetValue<string>());
        Assert.True(screening["clearedForTreatment"]!.GetValue<bool>());
        Assert.False(screening["urgent"]!.GetValue<bool>());
        Assert.All(screening["rules"]!.AsArray(), r => Assert.Equal("Pass", r!["status"]!.GetValue<string>()));
        var review = await clinician.PostAsync($"/api/v1/screenings/{screening["id"]}/review", Json("""{"decision":"Approved","reason":"looks fine to me"}"""));
        var problem = await review.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("screening.no-review-needed", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_label_contraindication_is_a_hard_stop_no_clinician_can_override()
    {
        var (site, patient) = await RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor(Role.Clinician, site);
        var answers = EligibleAnswers();
        answers["conditions"]!["aneurysmalVascularDiseaseOrAvm"] = true;

        var screening = await ScreenAsync(nurse, patient, answers);

        Assert.Equal("Ineligible", screening["outcome"]!.GetValue<string>());
        Assert.False(screening["clinicianMayOverride"]!.GetValue<bool>());
        Assert.Equal("HardStop", Rule(screening, "CI-ANEURYSMAL-VASCULAR-DISEASE")["consequence"]!.GetValue<string>());
        var review = await clinician.PostAsync($"/api/v1/screenings/{screening["id"]}/review", Json("""{"decision":"Approved","reason":"patient insists strongly"}"""));
        var problem = await review.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("screening.hard-stop", problem["code"]!.GetValue<string>());
        Assert.Contains("CI-ANEURYSMAL-VASCULAR-DISEASE", problem["reasons"]![0]!.GetValue<string>());
        var stored = await (await nurse.GetAsync($"/api/v1/screenings/{screening["id"]}")).ReadObjectAsync();
        Assert.Null(stored["review"]);
        Assert.False(stored["clearedForTreatment"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_clinic_exclusion_is_ineligible_but_a_clinician_may_override_it_with_a_reason()
    {
        var (site, patient) = await RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor(Role.Clinician, site);
        var answers = EligibleAnswers();
        answers["conditions"]!["seriousCardiovascularDisease"] = true;
        var screening = await ScreenAsync(nurse, patient, answers);
        Assert.Equal("Ineligible", screening["outcome"]!.GetValue<string>());
        Assert.True(screening["clinicianMayOverride"]!.GetValue<bool>());

        var noReason = await clinician.PostAsync($"/api/v1/screenings/{screening["id"]}/review", Json("""{"decision":"Approved"}"""));
        Assert.Contains("reason", await noReason.ShouldBeValidationProblemAsync());
        var approved = await clinician.PostAsync(
            $"/api/v1/screenings/{screening["id"]}/review",
            Json("""{"decision":"Approved","reason":"Cleared.","acceptedFindings":[{"ruleId":"EX-SERIOUS-CARDIOVASCULAR","reason":"Cardiology cleared on 2026-11-18."}]}"""));

        Assert.True((await approved.ReadObjectAsync())["clearedForTreatment"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_positive_item_9_is_urgent_and_queued_first_but_never_an_automatic_rejection()
    {
        var (site, patient) = await RegisteredPatientAsync();
        var (_, otherPatient) = (site, (await Api.ClientFor(Role.FrontDesk, site).RegisterPatientAsync(ValidPatient(site, familyName: "Other"))).Id);
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor(Role.Clinician, site);
        var routine = EligibleAnswers();
        routine["transportation"] = "NoRideArranged";
        await ScreenAsync(nurse, otherPatient, routine);
        var answers = EligibleAnswers();
        answers["phq9"] = new JsonArray(3, 3, 3, 3, 3, 3, 3, 3, 2);

        var screening = await ScreenAsync(nurse, patient, answers);

        Assert.True(screening["urgent"]!.GetValue<bool>());
        Assert.Equal("NeedsClinicianReview", screening["outcome"]!.GetValue<string>());
        Assert.True(screening["phq9"]!["item9Positive"]!.GetValue<bool>());
        Assert.Equal("Severe", screening["phq9"]!["severity"]!.GetValue<string>());
        var queue = await (await clinician.GetAsync("/api/v1/screenings/review-queue")).ReadObjectAsync();
        Assert.Equal(screening["id"]!.GetValue<Guid>(), queue["items"]![0]!["id"]!.GetValue<Guid>());
        var urgentOnly = await (await clinician.GetAsync("/api/v1/screenings/review-queue?urgentOnly=true")).ReadObjectAsync();
        Assert.Equal(1, urgentOnly["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_17_year_old_is_a_hard_stop_and_an_18_year_old_passes_the_age_rule()
    {
        var (site, minor) = await RegisteredPatientAsync("2008-11-21");
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var adultPatient = ValidPatient(site, familyName: "Adult");
        adultPatient["dateOfBirth"] = "2008-11-20";
        var adult = (await desk.RegisterPatientAsync(adultPatient)).Id;

        var minorScreening = await ScreenAsync(desk, minor, EligibleAnswers());
        var adultScreening = await ScreenAsync(desk, adult, EligibleAnswers());

        Assert.Equal("Fail", Rule(minorScreening, "AGE-ADULT")["status"]!.GetValue<string>());
        Assert.Equal("Ineligible", minorScreening["outcome"]!.GetValue<string>());
        Assert.Equal("Pass", Rule(adultScreening, "AGE-ADULT")["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_corrected_screening_supersedes_the_earlier_one_which_stays_in_the_history()
    {
        var (site, patient) = await RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor(Role.Clinician, site);
        var first = EligibleAnswers();
        first["bloodPressure"] = new JsonObject { ["systolic"] = 150, ["diastolic"] = 95 };
        var original = await ScreenAsync(nurse, patient, first);
        Api.Clock.Advance(TimeSpan.FromMinutes(30));

        var correction = EligibleAnswers();
        correction["correctionReason"] = "BP rechecked after 10 minutes' rest.";
        var corrected = await ScreenAsync(nurse, patient, correction);

        Assert.Equal(original["id"]!.GetValue<Guid>(), corrected["supersedesId"]!.GetValue<Guid>());
        var history = JsonNode.Parse(await (await nurse.GetAsync($"/api/v1/patients/{patient}/screenings")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal([corrected["id"]!.GetValue<Guid>(), original["id"]!.GetValue<Guid>()], history.Select(s => s!["id"]!.GetValue<Guid>()));
        Assert.Equal([true, false], history.Select(s => s!["isCurrent"]!.GetValue<bool>()));
        Assert.Equal("NeedsClinicianReview", history[1]!["outcome"]!.GetValue<string>());
        Assert.Equal(150, history[1]!["answers"]!["bloodPressure"]!["systolic"]!.GetValue<int>());
        var reviewOld = await clinician.PostAsync($"/api/v1/screenings/{original["id"]}/review", Json("""{"decision":"Approved","reason":"reviewing the old one"}"""));
        Assert.Equal("screening.superseded", (await reviewOld.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Screenings_submitted_at_the_same_time_never_leave_two_current_ones()
    {
        var (site, patient) = await RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            nurse.PostAsync($"/api/v1/patients/{patient}/screenings", Json(EligibleAnswers().ToJsonString()))));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var rejected in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await rejected.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal("screening.concurrent-submission", problem["code"]!.GetValue<string>());
        }

        var history = JsonNode.Parse(await (await nurse.GetAsync($"/api/v1/patients/{patient}/screenings")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(responses.Count(r => r.StatusCode == HttpStatusCode.Created), history.Count);
        Assert.Single(history, s => s!["isCurrent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Clinicians_deciding_at_the_same_time_get_one_decision_and_409s()
    {
        var (site, patient) = await RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor(Role.Clinician, site);
        var answers = EligibleAnswers();
        answers["transportation"] = "NoRideArranged";
        var screening = await ScreenAsync(nurse, patient, answers);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => clinician.PostAsync(
            $"/api/v1/screenings/{screening["id"]}/review",
            Json(i % 2 == 0
                ? """{"decision":"Approved","reason":"ride confirmed","acceptedFindings":[{"ruleId":"TRANSPORT-RIDE","reason":"ride confirmed by phone"}]}"""
                : """{"decision":"Declined","reason":"no ride home yet"}"""))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var rejected in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal("screening.already-reviewed", (await rejected.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }
    }

    public static TheoryData<string, string, string> InvalidAnswers => new()
    {
        { "eight PHQ-9 answers", "phq9", "[1,1,1,1,1,1,1,1]" },
        { "ten PHQ-9 answers", "phq9", "[1,1,1,1,1,1,1,1,1,1]" },
        { "a PHQ-9 answer of 4", "phq9", "[1,1,1,1,4,1,1,1,1]" },
        { "a negative PHQ-9 answer", "phq9", "[1,1,1,1,-1,1,1,1,1]" },
        { "a PHQ-9 answer as text", "phq9", "[1,1,1,1,\"1\",1,1,1,1]" },
        { "PHQ-9 missing", "phq9", "null" },
        { "screening date in the future", "screenedOn", "\"2026-11-23\"" },
        { "screening date before birth", "screenedOn", "\"1980-01-01\"" },
        { "unknown treatment", "intendedTreatment", "\"Psilocybin\"" },
        { "unknown diagnosis", "diagnosis", "\"Melancholy\"" },
        { "episode weeks negative", "episodeDurationWeeks", "-1" },
        { "trial improvement over 100", "antidepressantTrials[0].improvementPercent", "[{\"drugName\":\"x\",\"drugClass\":\"Ssri\",\"adequateDose\":true,\"durationWeeks\":8,\"takenAsPrescribed\":true,\"improvementPercent\":101}]" },
        { "trial weeks over 520", "antidepressantTrials[0].durationWeeks", "[{\"drugName\":\"x\",\"drugClass\":\"Ssri\",\"adequateDose\":true,\"durationWeeks\":521,\"takenAsPrescribed\":true,\"improvementPercent\":0}]" },
        { "trial class unknown", "antidepressantTrials[0].drugClass", "[{\"drugName\":\"x\",\"drugClass\":\"Herbal\",\"adequateDose\":true,\"durationWeeks\":8,\"takenAsPrescribed\":true,\"improvementPercent\":0}]" },
        { "unanswered checklist item", "conditions.pregnancy", "{}" },
        { "unknown medication class", "medications", "[\"Antihistamine\"]" },
        { "diastolic above systolic", "bloodPressure.diastolic", "{\"systolic\":90,\"diastolic\":120}" },
        { "systolic out of range", "bloodPressure.systolic", "{\"systolic\":400,\"diastolic\":80}" },
        { "C-SSRS Q3 without Q2", "cssrs.activeIdeationWithMethods", "{\"wishToBeDead\":false,\"nonSpecificActiveSuicidalThoughts\":false,\"activeIdeationWithMethods\":true,\"suicidalBehavior\":false}" },
        { "C-SSRS Q6 timing missing", "cssrs.suicidalBehaviorWithinPastThreeMonths", "{\"wishToBeDead\":false,\"nonSpecificActiveSuicidalThoughts\":false,\"suicidalBehavior\":true}" },
        { "transportation missing", "transportation", "null" },
        { "a null trial", "antidepressantTrials[0]", "[null]" },
    };

    [Theory]
    [MemberData(nameof(InvalidAnswers))]
    public async Task Invalid_answers_get_400_naming_the_field_and_store_nothing(string because, string field, string jsonValue)
    {
        var (site, patient) = await RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        var answers = EligibleAnswers();
        var topLevel = field.Split('.', '[')[0];
        answers[topLevel] = JsonNode.Parse(jsonValue);

        var response = await nurse.PostAsync($"/api/v1/patients/{patient}/screenings", Json(answers.ToJsonString()));

        var fields = await response.ShouldBeValidationProblemAsync();
        Assert.True(fields.Any(f => f.Equals(field, StringComparison.OrdinalIgnoreCase) || f.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase)),
            $"{because}: expected an error for '{field}', got {string.Join(", ", fields)}");
        var history = JsonNode.Parse(await (await nurse.GetAsync($"/api/v1/patients/{patient}/screenings")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Empty(history);
    }

    [Fact]
    public async Task Screening_an_unknown_or_other_sites_patient_is_404()
    {
        var (_, patient) = await RegisteredPatientAsync();
        var otherSite = await Api.CreateSiteAsync();
        using var outsider = Api.ClientFor(Role.Nurse, otherSite);

        await (await outsider.PostAsync($"/api/v1/patients/{patient}/screenings", Json(EligibleAnswers().ToJsonString()))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsync($"/api/v1/patients/{Guid.NewGuid()}/screenings", Json(EligibleAnswers().ToJsonString()))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/v1/patients/{patient}/screenings")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class ScreeningThresholdTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    [Fact]
    public async Task Changing_a_threshold_judges_new_screenings_with_it_but_never_changes_a_stored_verdict()
    {
        var site = await fixture.Api.CreateSiteAsync();
        using var desk = fixture.Api.ClientFor(Role.FrontDesk, site);
        var (patient, _) = await desk.RegisterPatientAsync(ValidPatient(site));
        var answers = EligibleAnswers();
        answers["bloodPressure"] = new JsonObject { ["systolic"] = 145, ["diastolic"] = 85 };
        var before = await (await desk.PostAsync($"/api/v1/patients/{patient}/screenings", Json(answers.ToJsonString()))).ReadObjectAsync();
        Assert.Equal("NeedsClinicianReview", before["outcome"]!.GetValue<string>());

        await using var relaxed = new ApiFactory(fixture.Provider, fixture.ConnectionString, new Dictionary<string, string> { ["Screening:SystolicDeferAbove"] = "150" });
        using var relaxedDesk = relaxed.ClientFor(Role.FrontDesk, site);
        var stored = await (await relaxedDesk.GetAsync($"/api/v1/screenings/{before["id"]}")).ReadObjectAsync();
        var (newPatient, _) = await relaxedDesk.RegisterPatientAsync(ValidPatient(site, familyName: "Newcomer"));
        var after = await (await relaxedDesk.PostAsync($"/api/v1/patients/{newPatient}/screenings", Json(answers.ToJsonString()))).ReadObjectAsync();

        Assert.Equal("NeedsClinicianReview", stored["outcome"]!.GetValue<string>());
        Assert.Equal(140, stored["thresholds"]!["systolicDeferAbove"]!.GetValue<int>());
        Assert.Equal("Eligible", after["outcome"]!.GetValue<string>());
        Assert.Equal(150, after["thresholds"]!["systolicDeferAbove"]!.GetValue<int>());
    }

    [Fact]
    public async Task Recording_and_reviewing_a_screening_are_audited_against_the_patient()
    {
        var site = await fixture.Api.CreateSiteAsync();
        using var desk = fixture.Api.ClientFor(Role.FrontDesk, site);
        using var clinician = fixture.Api.ClientFor("dr-audit", [Role.Clinician], [site]);
        using var admin = fixture.Api.ClientFor(Role.ClinicAdmin, site);
        var (patient, _) = await desk.RegisterPatientAsync(ValidPatient(site));
        var answers = EligibleAnswers();
        answers["transportation"] = "NoRideArranged";
        var screening = await (await desk.PostAsync($"/api/v1/patients/{patient}/screenings", Json(answers.ToJsonString()))).ReadObjectAsync();
        await clinician.PostAsync($"/api/v1/screenings/{screening["id"]}/review", Json("""{"decision":"Declined","reason":"No safe ride home; rescreen when arranged."}"""));

        var trail = await (await admin.GetAsync($"/api/v1/audit-entries?patientId={patient}&pageSize=100")).ReadObjectAsync();

        var screeningEntries = trail["items"]!.AsArray()
            .Where(e => e!["entityType"]!.GetValue<string>() == "IntakeScreening")
            .Select(e => (e!["subject"]!.GetValue<string>(), e["action"]!.GetValue<string>()))
            .Reverse()
            .ToList();
        Assert.Equal([("user-frontdesk", "Create"), ("dr-audit", "Update")], screeningEntries);
    }
}
