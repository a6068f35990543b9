using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Screenings.Screenings;

namespace ClinicOps.Api.Tests.Screenings;

public sealed class ScreeningSafetyTestsOnSqlite(SqliteApiFixture fixture) : ScreeningSafetyTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class ScreeningSafetyTestsOnPostgres(PostgresApiFixture fixture) : ScreeningSafetyTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>The unsafe verdicts found from outside (issue "Screening safety"), each replayed over HTTP.</summary>
public abstract class ScreeningSafetyTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    private static Task<HttpResponseMessage> PostScreeningAsync(HttpClient client, Guid patient, JsonObject answers) =>
        client.PostAsync($"/api/v1/patients/{patient}/screenings", Json(answers.ToJsonString()));

    private static async Task<JsonArray> QueueAsync(HttpClient clinician, bool urgentOnly = false) =>
        (await (await clinician.GetAsync($"/api/v1/screenings/review-queue?pageSize=100&urgentOnly={urgentOnly}")).ReadObjectAsync())["items"]!.AsArray();

    private static bool Holds(JsonArray queue, JsonObject screening) =>
        queue.Any(s => s!["id"]!.GetValue<Guid>() == screening["id"]!.GetValue<Guid>());

    [Fact]
    public async Task Case1_resubmitting_without_a_hard_stop_needs_a_reason_and_still_waits_for_a_clinician()
    {
        var (site, patient) = await Api.RegisteredPatientAsync();
        using var desk = Api.ClientFor("desk-9", [Role.FrontDesk], [site]);
        using var clinician = Api.ClientFor(Role.Clinician, site);
        var withAvm = EligibleAnswers();
        withAvm["conditions"]!["aneurysmalVascularDiseaseOrAvm"] = true;
        var hardStop = await ScreenAsync(desk, patient, withAvm);
        Assert.Equal("Ineligible", hardStop["outcome"]!.GetValue<string>());

        var silent = await PostScreeningAsync(desk, patient, EligibleAnswers());
        Assert.Contains("correctionReason", await silent.ShouldBeValidationProblemAsync());
        var history = JsonNode.Parse(await (await desk.GetAsync($"/api/v1/patients/{patient}/screenings")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Single(history);

        var answers = EligibleAnswers();
        answers["correctionReason"] = "AVM box ticked in error; neurology letter confirms none.";
        var corrected = await ScreenAsync(desk, patient, answers);

        Assert.Equal("NeedsClinicianReview", corrected["outcome"]!.GetValue<string>());
        Assert.False(corrected["clearedForTreatment"]!.GetValue<bool>());
        Assert.True(corrected["awaitingReview"]!.GetValue<bool>());
        Assert.Equal("Caution", Rule(corrected, "CORRECTION-OF-UNCLEARED")["status"]!.GetValue<string>());
        var correction = corrected["correction"]!;
        Assert.Equal(hardStop["id"]!.GetValue<Guid>(), correction["correctsId"]!.GetValue<Guid>());
        Assert.False(correction["correctedWasCleared"]!.GetValue<bool>());
        Assert.Equal("AVM box ticked in error; neurology letter confirms none.", correction["reason"]!.GetValue<string>());
        Assert.Equal(["conditions.aneurysmalVascularDiseaseOrAvm"], correction["changedAnswers"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["CI-ANEURYSMAL-VASCULAR-DISEASE"], correction["resolvedFindings"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("desk-9", corrected["createdBy"]!.GetValue<string>());
        Assert.True(Holds(await QueueAsync(clinician), corrected));
        Assert.Equal(["CORRECTION-OF-UNCLEARED"], corrected["overridableFindings"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task Case1_a_declined_screening_corrected_stays_uncleared_and_a_clean_one_corrects_freely()
    {
        var (site, patient) = await Api.RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor(Role.Clinician, site);
        var noRide = EligibleAnswers();
        noRide["transportation"] = "NoRideArranged";
        var first = await ScreenAsync(nurse, patient, noRide);
        await clinician.PostAsync($"/api/v1/screenings/{first["id"]}/review", Json("""{"decision":"Declined","reason":"No ride home; rescreen."}"""));

        var answers = EligibleAnswers();
        answers["correctionReason"] = "Ride arranged with the patient's sister.";
        var corrected = await ScreenAsync(nurse, patient, answers);
        Assert.False(corrected["clearedForTreatment"]!.GetValue<bool>());
        Assert.Equal("NeedsClinicianReview", corrected["outcome"]!.GetValue<string>());

        var approval = await clinician.PostAsync(
            $"/api/v1/screenings/{corrected["id"]}/review",
            Json("""{"decision":"Approved","reason":"Ride confirmed.","acceptedFindings":[{"ruleId":"CORRECTION-OF-UNCLEARED","reason":"Called the sister; ride confirmed."}]}"""));
        Assert.True((await approval.ReadObjectAsync())["clearedForTreatment"]!.GetValue<bool>());

        // Correcting a cleared screening stays as easy as a first screening: no reason, no review.
        var again = await ScreenAsync(nurse, patient, EligibleAnswers());
        Assert.Equal("Eligible", again["outcome"]!.GetValue<string>());
        Assert.True(again["clearedForTreatment"]!.GetValue<bool>());
        Assert.True(again["correction"]!["correctedWasCleared"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Case1_an_urgent_screening_corrected_stays_in_the_queue_until_acknowledged()
    {
        var (site, patient) = await Api.RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor(Role.Clinician, site);
        var urgentAnswers = EligibleAnswers();
        urgentAnswers["phq9"] = new JsonArray(3, 3, 3, 3, 3, 3, 3, 3, 3);
        urgentAnswers["cssrs"] = new JsonObject { ["wishToBeDead"] = true, ["nonSpecificActiveSuicidalThoughts"] = false, ["suicidalBehavior"] = false };
        var urgent = await ScreenAsync(nurse, patient, urgentAnswers);

        var answers = EligibleAnswers();
        answers["correctionReason"] = "Patient says item 9 was misread.";
        var corrected = await ScreenAsync(nurse, patient, answers);

        var queue = await QueueAsync(clinician);
        Assert.True(Holds(queue, urgent));
        Assert.True(Holds(queue, corrected));
        var queued = queue.Single(s => s!["id"]!.GetValue<Guid>() == urgent["id"]!.GetValue<Guid>())!;
        Assert.False(queued["isCurrent"]!.GetValue<bool>());
        Assert.True(queued["awaitingAcknowledgement"]!.GetValue<bool>());
        Assert.Equal(urgent["id"]!.GetValue<Guid>(), queue[0]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Case2_wish_to_be_dead_and_active_thoughts_with_item9_zero_need_a_clinician()
    {
        var (site, patient) = await Api.RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor(Role.Clinician, site);
        var answers = EligibleAnswers();
        answers["cssrs"] = new JsonObject
        {
            ["wishToBeDead"] = true,
            ["nonSpecificActiveSuicidalThoughts"] = true,
            ["activeIdeationWithMethods"] = false,
            ["activeIdeationWithIntent"] = false,
            ["activeIdeationWithPlanAndIntent"] = false,
            ["suicidalBehavior"] = false,
        };

        var screening = await ScreenAsync(nurse, patient, answers);

        Assert.Equal("Low", screening["cssrsRisk"]!.GetValue<string>());
        Assert.Equal("NeedsClinicianReview", screening["outcome"]!.GetValue<string>());
        Assert.False(screening["clearedForTreatment"]!.GetValue<bool>());
        Assert.Equal("Caution", Rule(screening, "CSSRS-RISK")["status"]!.GetValue<string>());
        var disagreement = Rule(screening, "SCALES-DISAGREE");
        Assert.Equal("Caution", disagreement["status"]!.GetValue<string>());
        Assert.Contains("PHQ-9 item 9 is \"not at all\"", disagreement["explanation"]!.GetValue<string>());
        Assert.True(Holds(await QueueAsync(clinician), screening));
    }

    [Fact]
    public async Task Case2_moderate_risk_is_urgent()
    {
        var (site, patient) = await Api.RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        var answers = EligibleAnswers();
        answers["phq9"] = new JsonArray(2, 2, 2, 2, 2, 2, 2, 2, 1);
        answers["cssrs"] = new JsonObject
        {
            ["wishToBeDead"] = true,
            ["nonSpecificActiveSuicidalThoughts"] = true,
            ["activeIdeationWithMethods"] = true,
            ["activeIdeationWithIntent"] = false,
            ["activeIdeationWithPlanAndIntent"] = false,
            ["suicidalBehavior"] = false,
        };

        var screening = await ScreenAsync(nurse, patient, answers);

        Assert.Equal("Moderate", screening["cssrsRisk"]!.GetValue<string>());
        Assert.True(screening["urgent"]!.GetValue<bool>());
        Assert.Equal("Pass", Rule(screening, "SCALES-DISAGREE")["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Case3_an_urgent_ineligible_screening_is_queued_until_a_clinician_acknowledges_it()
    {
        var (site, patient) = await Api.RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor("dr-ack", [Role.Clinician], [site]);
        using var admin = Api.ClientFor(Role.ClinicAdmin, site);
        var answers = EligibleAnswers();
        answers["conditions"]!["pregnancy"] = true;
        answers["phq9"] = new JsonArray(2, 2, 2, 2, 2, 2, 2, 2, 3);
        var screening = await ScreenAsync(nurse, patient, answers);
        Assert.Equal(("Ineligible", true), (screening["outcome"]!.GetValue<string>(), screening["urgent"]!.GetValue<bool>()));

        Assert.True(Holds(await QueueAsync(clinician), screening));
        Assert.True(Holds(await QueueAsync(clinician, urgentOnly: true), screening));

        var tooShort = await clinician.PostAsync($"/api/v1/screenings/{screening["id"]}/acknowledgement", Json("""{"note":"ok"}"""));
        Assert.Contains("note", await tooShort.ShouldBeValidationProblemAsync());
        var acknowledged = await clinician.PostAsync(
            $"/api/v1/screenings/{screening["id"]}/acknowledgement", Json("""{"note":"Seen at 10:40; safety plan with partner; OB referral."}"""));
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var body = await acknowledged.ReadObjectAsync();
        Assert.Equal("dr-ack", body["acknowledgement"]!["acknowledgedBy"]!.GetValue<string>());
        Assert.Equal(Api.Clock.GetUtcNow(), body["acknowledgement"]!["acknowledgedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("Seen at 10:40; safety plan with partner; OB referral.", body["acknowledgement"]!["note"]!.GetValue<string>());
        Assert.False(body["awaitingAcknowledgement"]!.GetValue<bool>());
        Assert.False(Holds(await QueueAsync(clinician), screening));

        var twice = await clinician.PostAsync($"/api/v1/screenings/{screening["id"]}/acknowledgement", Json("""{"note":"Seen again later."}"""));
        Assert.Equal("screening.already-acknowledged", (await twice.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        var trail = await (await admin.GetAsync($"/api/v1/audit-entries?patientId={patient}&subject=dr-ack&action=Update")).ReadObjectAsync();
        // The acknowledgement, and in the same transaction the cancellation of the staff reminder it made unnecessary.
        Assert.Equal(["IntakeScreening", "Reminder"], trail["items"]!.AsArray().Select(i => i!["entityType"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Case3_only_urgent_screenings_are_acknowledged()
    {
        var (site, patient) = await Api.RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor(Role.Clinician, site);
        var screening = await ScreenAsync(nurse, patient, EligibleAnswers());

        var response = await clinician.PostAsync($"/api/v1/screenings/{screening["id"]}/acknowledgement", Json("""{"note":"Nothing urgent here."}"""));

        Assert.Equal("screening.not-urgent", (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        Assert.Null((await (await nurse.GetAsync($"/api/v1/screenings/{screening["id"]}")).ReadObjectAsync())["acknowledgement"]);
    }

    [Fact]
    public async Task Case4_the_same_drug_listed_twice_is_one_trial()
    {
        var (site, patient) = await Api.RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        var answers = EligibleAnswers();
        answers["antidepressantTrials"] = new JsonArray(Trial("sertraline", "Ssri"), Trial("Sertraline", "Ssri"));

        var screening = await ScreenAsync(nurse, patient, answers);

        var trd = Rule(screening, "TRD-ADEQUATE-TRIALS");
        Assert.Equal("Fail", trd["status"]!.GetValue<string>());
        Assert.StartsWith("1 different antidepressant drug", trd["explanation"]!.GetValue<string>());
        Assert.Contains("1 drug class: SSRI", trd["explanation"]!.GetValue<string>());
        Assert.Equal("Ineligible", screening["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Case5_esketamine_for_MDD_with_acute_suicidal_ideation_skips_the_two_trial_rule_and_is_urgent()
    {
        var (site, patient) = await Api.RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        var answers = EligibleAnswers();
        answers["indication"] = "MddWithAcuteSuicidalIdeationOrBehavior";
        answers["antidepressantTrials"] = new JsonArray(Trial("sertraline", "Ssri"));
        answers["phq9"] = new JsonArray(3, 3, 3, 3, 3, 3, 3, 3, 2);
        answers["cssrs"] = new JsonObject { ["wishToBeDead"] = true, ["nonSpecificActiveSuicidalThoughts"] = false, ["suicidalBehavior"] = false };

        var screening = await ScreenAsync(nurse, patient, answers);

        Assert.Equal("MddWithAcuteSuicidalIdeationOrBehavior", screening["indication"]!.GetValue<string>());
        Assert.Equal("Pass", Rule(screening, "TRD-ADEQUATE-TRIALS")["status"]!.GetValue<string>());
        Assert.Equal("Caution", Rule(screening, "IND-INDICATION")["status"]!.GetValue<string>());
        Assert.Equal("NeedsClinicianReview", screening["outcome"]!.GetValue<string>());
        Assert.True(screening["urgent"]!.GetValue<bool>());

        var wrongIndication = EligibleAnswers();
        wrongIndication["intendedTreatment"] = "IvKetamine";
        Assert.Contains("indication", await (await PostScreeningAsync(nurse, patient, wrongIndication)).ShouldBeValidationProblemAsync());
        var missing = EligibleAnswers();
        missing.Remove("indication");
        Assert.Contains("indication", await (await PostScreeningAsync(nurse, patient, missing)).ShouldBeValidationProblemAsync());
    }

    [Fact]
    public async Task Case6_an_approval_must_name_every_overridable_finding()
    {
        var (site, patient) = await Api.RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        using var clinician = Api.ClientFor(Role.Clinician, site);
        var answers = EligibleAnswers();
        answers["conditions"]!["pregnancy"] = true;
        answers["conditions"]!["activeSubstanceUseDisorder"] = true;
        var screening = await ScreenAsync(nurse, patient, answers);
        Assert.Equal(["EX-PREGNANCY", "EX-ACTIVE-SUBSTANCE-USE"], screening["overridableFindings"]!.AsArray().Select(f => f!.GetValue<string>()));
        var url = $"/api/v1/screenings/{screening["id"]}/review";

        var blanket = await clinician.PostAsync(url, Json("""{"decision":"Approved","reason":"All fine, approved."}"""));
        var blanketProblem = await blanket.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("screening.findings-not-accepted", blanketProblem["code"]!.GetValue<string>());
        Assert.Equal(2, blanketProblem["reasons"]!.AsArray().Count);
        var partial = await clinician.PostAsync(url, Json("""{"decision":"Approved","reason":"Reviewed.","acceptedFindings":[{"ruleId":"EX-PREGNANCY","reason":"Negative test today."}]}"""));
        var partialProblem = await partial.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("EX-ACTIVE-SUBSTANCE-USE:", Assert.Single(partialProblem["reasons"]!.AsArray())!.GetValue<string>());
        var stranger = await clinician.PostAsync(url, Json("""
            {"decision":"Approved","reason":"Reviewed.","acceptedFindings":[
              {"ruleId":"EX-PREGNANCY","reason":"Negative test today."},{"ruleId":"EX-ACTIVE-SUBSTANCE-USE","reason":"In remission."},
              {"ruleId":"AGE-ADULT","reason":"Adult."}]}
            """));
        Assert.Equal("screening.not-a-finding", (await stranger.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        var duplicate = await clinician.PostAsync(url, Json("""
            {"decision":"Approved","reason":"Reviewed.","acceptedFindings":[{"ruleId":"EX-PREGNANCY","reason":"Negative."},{"ruleId":"EX-PREGNANCY","reason":"Negative."}]}
            """));
        Assert.Contains("acceptedFindings", await duplicate.ShouldBeValidationProblemAsync());
        var unchanged = await (await nurse.GetAsync($"/api/v1/screenings/{screening["id"]}")).ReadObjectAsync();
        Assert.Null(unchanged["review"]);

        var approved = await clinician.PostAsync(url, Json("""
            {"decision":"Approved","reason":"Reviewed with the patient.","acceptedFindings":[
              {"ruleId":"EX-PREGNANCY","reason":"Negative test today."},{"ruleId":"EX-ACTIVE-SUBSTANCE-USE","reason":"In sustained remission, sponsor confirms."}]}
            """));

        var body = await approved.ReadObjectAsync();
        Assert.True(body["clearedForTreatment"]!.GetValue<bool>());
        Assert.Equal(
            [("EX-PREGNANCY", "Negative test today."), ("EX-ACTIVE-SUBSTANCE-USE", "In sustained remission, sponsor confirms.")],
            body["review"]!["acceptedFindings"]!.AsArray().Select(f => (f!["ruleId"]!.GetValue<string>(), f["reason"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Case7_refused_and_not_found_entries_carry_the_callers_sites_and_stay_with_them()
    {
        var (siteA, patientA) = await Api.RegisteredPatientAsync();
        var siteB = await Api.CreateSiteAsync();
        using var outsider = Api.ClientFor("nurse-of-b", [Role.Nurse], [siteB]);
        using var adminA = Api.ClientFor("admin-a", [Role.ClinicAdmin], [siteA]);
        using var adminB = Api.ClientFor("admin-b", [Role.ClinicAdmin], [siteB]);

        await (await outsider.GetAsync($"/api/v1/patients/{patientA}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsync($"/api/v1/screenings/{Guid.NewGuid()}/review", Json("""{"decision":"Approved","reason":"trying"}"""))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var seenByA = await (await adminA.GetAsync("/api/v1/audit-entries?subject=nurse-of-b&pageSize=100")).ReadObjectAsync();
        var seenByB = await (await adminB.GetAsync("/api/v1/audit-entries?subject=nurse-of-b&pageSize=100")).ReadObjectAsync();

        Assert.Empty(seenByA["items"]!.AsArray());
        Assert.Equal(["Denied", "NotFound"], seenByB["items"]!.AsArray().Select(e => e!["outcome"]!.GetValue<string>()));
        Assert.All(seenByB["items"]!.AsArray(), e => Assert.Equal([siteB], e!["callerSiteIds"]!.AsArray().Select(s => s!.GetValue<Guid>())));
    }

    [Fact]
    public async Task A_verdict_stored_by_rule_set_2026_11_1_is_never_rejudged_by_the_new_rules()
    {
        var (site, patient) = await Api.RegisteredPatientAsync();
        using var nurse = Api.ClientFor(Role.Nurse, site);
        var answers = EligibleAnswers();
        answers["phq9"] = new JsonArray(2, 2, 2, 2, 2, 2, 2, 2, 1);
        answers["cssrs"] = new JsonObject { ["wishToBeDead"] = true, ["nonSpecificActiveSuicidalThoughts"] = false, ["suicidalBehavior"] = false };
        var recorded = await ScreenAsync(nurse, patient, answers);
        var id = recorded["id"]!.GetValue<Guid>();

        // Rewrite the row as rule set 2026.11.1 stored it: 23 rules, low C-SSRS risk passed, and no indication in the answers.
        string[] newRules = ["IND-INDICATION", "IND-ORAL-ANTIDEPRESSANT", "SCALES-DISAGREE", "CORRECTION-OF-UNCLEARED"];
        var oldRules = new JsonArray([.. recorded["rules"]!.AsArray().Where(r => !newRules.Contains(r!["ruleId"]!.GetValue<string>())).Select(r => r!.DeepClone())]);
        var cssrs = oldRules.Single(r => r!["ruleId"]!.GetValue<string>() == "CSSRS-RISK")!;
        (cssrs["status"], cssrs["consequence"], cssrs["explanation"]) = ("Pass", "None", "The C-SSRS screener shows low suicide risk.");
        var item9 = oldRules.Single(r => r!["ruleId"]!.GetValue<string>() == "PHQ9-ITEM9")!;
        (item9["status"], item9["consequence"]) = ("Pass", "None");
        await using (var scope = Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
            var input = JsonNode.Parse(await db.Database.SqlQuery<string>($"""SELECT "Input" AS "Value" FROM "Screenings" WHERE "Id" = {id}""").SingleAsync())!.AsObject();
            Assert.True(input.Remove("indication") && input.Remove("takingOralAntidepressant"));
            var (oldInput, oldRulesJson) = (input.ToJsonString(), oldRules.ToJsonString());
            Assert.Equal(1, await db.Database.ExecuteSqlAsync($"""
                UPDATE "Screenings" SET "Input" = {oldInput}, "Rules" = {oldRulesJson}, "RuleSetVersion" = '2026.11.1',
                  "Outcome" = 'Eligible', "Urgent" = {false}, "ClinicianMayOverride" = {false} WHERE "Id" = {id}
                """));
        }

        var stored = await (await nurse.GetAsync($"/api/v1/screenings/{id}")).ReadObjectAsync();
        var rejudged = await ScreenAsync(nurse, patient, answers);

        Assert.Equal(("2026.11.1", "Eligible", true), (stored["ruleSetVersion"]!.GetValue<string>(), stored["outcome"]!.GetValue<string>(), stored["clearedForTreatment"]!.GetValue<bool>()));
        Assert.Equal(23, stored["rules"]!.AsArray().Count);
        Assert.Equal("Pass", Rule(stored, "CSSRS-RISK")["status"]!.GetValue<string>());
        Assert.Equal("TreatmentResistantDepression", stored["answers"]!["indication"]!.GetValue<string>());
        Assert.Equal(("2026.11.2", "NeedsClinicianReview"), (rejudged["ruleSetVersion"]!.GetValue<string>(), rejudged["outcome"]!.GetValue<string>()));
        Assert.True(rejudged["correction"]!["correctedWasCleared"]!.GetValue<bool>());
    }
}
