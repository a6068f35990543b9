using System.Globalization;
using System.Reflection;

namespace ClinicOps.Domain.Screening;

/// <summary>The patient's current screening, as a new screening that corrects it sees it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="ClearedForTreatment">Whether it cleared the patient (eligible as judged, or approved).</param>
/// <param name="Input">Its answers.</param>
/// <param name="FindingRuleIds">Ids of its rules that did not pass.</param>
public sealed record PriorScreening(Guid Id, bool ClearedForTreatment, ScreeningInput Input, IReadOnlyList<string> FindingRuleIds);

/// <summary>
/// What a correction changed. A correction is a clinical act: it records why it was made, which answers changed and
/// which findings of the corrected screening no longer appear, so a reviewer sees exactly what made a finding vanish.
/// </summary>
/// <param name="CorrectsId">The screening it corrects.</param>
/// <param name="CorrectedWasCleared">Whether the corrected screening had cleared the patient.</param>
/// <param name="Reason">Why the answers were corrected; required when the corrected screening was not cleared.</param>
/// <param name="ChangedAnswers">API field names of the answers that differ, e.g. <c>conditions.pregnancy</c>.</param>
/// <param name="ResolvedFindings">Rule ids that were findings before and pass now.</param>
/// <param name="NewFindings">Rule ids that pass before and are findings now.</param>
public sealed record ScreeningCorrection(
    Guid CorrectsId,
    bool CorrectedWasCleared,
    string? Reason,
    IReadOnlyList<string> ChangedAnswers,
    IReadOnlyList<string> ResolvedFindings,
    IReadOnlyList<string> NewFindings)
{
    private static readonly (string Field, Func<ScreeningInput, string> Value)[] _answers =
    [
        ("screenedOn", i => i.ScreeningDate.ToString("O", CultureInfo.InvariantCulture)),
        ("intendedTreatment", i => i.Treatment.ToString()),
        ("indication", i => i.Indication.ToString()),
        ("takingOralAntidepressant", i => i.TakingOralAntidepressant.ToString()),
        ("diagnosis", i => i.Diagnosis.ToString()),
        ("episodeDurationWeeks", i => i.EpisodeDurationWeeks.ToString(CultureInfo.InvariantCulture)),
        ("antidepressantTrials", i => string.Join(';', i.Trials)),
        ("psychotherapyTried", i => i.PsychotherapyTried.ToString()),
        .. FlagsOf<ConditionChecklist>("conditions", i => i.Conditions),
        ("medications", i => string.Join(';', i.Medications.Order())),
        ("bloodPressure", i => i.BloodPressure.ToString()),
        ("phq9", i => string.Join(';', i.Phq9Answers)),
        .. FlagsOf<CssrsScreenerAnswers>("cssrs", i => i.Cssrs),
        ("transportation", i => i.Transportation.ToString()),
    ];

    /// <summary>Whether correcting <paramref name="prior"/> needs a stated reason: it does unless the prior screening was cleared.</summary>
    public static bool NeedsReason(PriorScreening prior) => !prior.ClearedForTreatment;

    /// <summary>Describes the correction of <paramref name="prior"/> by a screening judged as <paramref name="verdict"/>.</summary>
    public static ScreeningCorrection Of(PriorScreening prior, ScreeningInput input, ScreeningVerdict verdict, string? reason)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(verdict);

        var findingsNow = verdict.Rules.Where(r => r.IsFinding).Select(r => r.RuleId).ToHashSet();
        return new ScreeningCorrection(
            prior.Id,
            prior.ClearedForTreatment,
            reason,
            [.. ChangedAnswersBetween(prior.Input, input)],
            [.. prior.FindingRuleIds.Where(id => !findingsNow.Contains(id))],
            [.. findingsNow.Where(id => !prior.FindingRuleIds.Contains(id) && id != ScreeningRuleIds.CorrectionOfUncleared)
                .OrderBy(id => IndexOf(id))]);
    }

    /// <summary>API field names of the answers that differ between two screenings, in questionnaire order.</summary>
    public static IEnumerable<string> ChangedAnswersBetween(ScreeningInput before, ScreeningInput after) =>
        _answers.Where(a => a.Value(before) != a.Value(after)).Select(a => a.Field);

    private static int IndexOf(string ruleId)
    {
        var index = ScreeningRuleIds.All.ToList().IndexOf(ruleId);
        return index < 0 ? int.MaxValue : index;
    }

    private static IEnumerable<(string Field, Func<ScreeningInput, string> Value)> FlagsOf<T>(string group, Func<ScreeningInput, T> select) =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => ($"{group}.{char.ToLowerInvariant(p.Name[0])}{p.Name[1..]}",
                (Func<ScreeningInput, string>)(i => p.GetValue(select(i))?.ToString() ?? "null")));
}
